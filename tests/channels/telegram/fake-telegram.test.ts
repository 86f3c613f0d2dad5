import { validateTelegramHtml } from '../../fakes/fake-telegram';

// The render tests trust this validator; it has to refuse what Telegram refuses.
describe("the fake Bot API's HTML check", () => {
  test.each([
    ['<b>bold</b> and <i>italic</i> and <a href="https://example.org/?a=1&amp;b=2">link</a>', 'bold and italic and link'],
    ['5 &lt; 6 &amp;&amp; 7 &gt; 6 &quot;ok&quot; &#1111;', '5 < 6 && 7 > 6 "ok" ї'],
    ['<b><i>both</i></b>', 'both'],
  ])('accepts %s', (html, text) => {
    expect(validateTelegramHtml(html)).toEqual({ ok: true, text });
  });

  test.each([
    ['<script>alert(1)</script>', /Unsupported start tag "script"/],
    ['<b>open', /Can't find end tag/],
    ['<b><i>x</b></i>', /Unmatched end tag/],
    ['a & b', /Unescaped "&"/],
    ['a > b', /Unescaped ">"/],
    ['<a href="javascript:alert(1)">x</a>', /Wrong URL/],
    ['<a href="https://a.org"><a href="https://b.org">x</a></a>', /Nested links/],
    ['<b class="x">x</b>', /Unsupported attribute/],
    ['<p>x</p>', /Unsupported start tag "p"/],
  ])('refuses %s', (html, error) => {
    const checked = validateTelegramHtml(html);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toMatch(error);
  });
});

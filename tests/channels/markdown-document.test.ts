/**
 * The web's form of an answer (paragraphs, lists, bold, italic, links) comes from the parser the
 * messengers use: on every answer in knowledge/ the web document says the same words, in the same
 * lines, as the messengers' text, and as HTML it escapes whatever a volunteer typed.
 */
import path from 'node:path';
import { documentHtml, markdownDocument, type Block, type Inline } from '../../src/channels/markdown-document';
import { readMarkdown } from '../../src/channels/markdown-subset';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { LANGUAGES } from '../../src/knowledge/languages';

/** The words of a document as a messenger lays them out: lines, blank lines between blocks, "• " items. */
function documentText(blocks: readonly Block[]): string {
  const inline = (nodes: readonly Inline[]): string =>
    nodes.map((n) => (typeof n === 'string' ? n : 'strong' in n ? inline(n.strong) : 'em' in n ? inline(n.em) : inline(n.label))).join('');
  return blocks
    .map((block) =>
      'paragraph' in block
        ? block.paragraph.map(inline).join('\n')
        : block.items.map((item) => `${item.number !== undefined ? `${item.number}. ` : '• '}${item.lines.map(inline).join('\n')}`).join('\n'),
    )
    .join('\n\n');
}

/** The words as a messenger reads them, with links shown as their labels (as in Telegram). */
function messengerText(source: string): string {
  let out = '';
  readMarkdown(source, undefined, {
    text: (text) => void (out += text),
    bold: () => undefined,
    italic: () => undefined,
    link: (label, target, style, inline) => {
      inline(label, style);
      if (!/^https?:\/\//i.test(target)) {
        const shown = target.replace(/^(tel|mailto):/i, '');
        if (shown !== label) out += ` (${shown})`;
      }
    },
  });
  return out;
}

describe('an answer as a document', () => {
  test('paragraphs keep their lines; a blank line starts a new block', () => {
    expect(markdownDocument('Line one\nline two\n\nSecond')).toEqual([{ paragraph: [['Line one'], ['line two']] }, { paragraph: [['Second']] }]);
  });

  test('list items are one list, an indented line continues an item, numbers stay as written', () => {
    expect(markdownDocument('Steps:\n1. First\n   still first\n3. Third\n- a bullet')).toEqual([
      { paragraph: [['Steps:']] },
      { list: 'numbered', items: [{ number: 1, lines: [['First'], ['still first']] }, { number: 3, lines: [['Third']] }] },
      { list: 'bullet', items: [{ lines: [['a bullet']] }] },
    ]);
  });

  test('bold, italic and links nest; only http(s) targets are links', () => {
    expect(markdownDocument('**Call [the *IND*](https://ind.nl) now**, _or_ [phone](tel:0880430430)')).toEqual([
      { paragraph: [[{ strong: ['Call ', { link: 'https://ind.nl', label: ['the ', { em: ['IND'] }] }, ' now'] }, ', ', { em: ['or'] }, ' phone (0880430430)']] },
    ]);
    expect(markdownDocument('[x](javascript:alert(1))')).toEqual([{ paragraph: [['[x](javascript:alert(1))']] }]);
  });

  test('as HTML, everything typed is escaped and links open in a new tab', () => {
    const out = documentHtml(markdownDocument('<script>alert("x")</script> & [a "b"](https://example.nl/?q="1"&r=<2>)'));
    expect(out).toBe(
      '<p class="md-p">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <a class="md-link" href="https://example.nl/?q=&quot;1&quot;&amp;r=&lt;2&gt;" target="_blank" rel="noopener noreferrer">a &quot;b&quot;</a></p>',
    );
    expect(documentHtml(markdownDocument('- one\n2. two'))).toBe('<ul class="md-list"><li>one</li></ul><ol class="md-list"><li value="2">two</li></ol>');
  });

  test('on every answer in knowledge/, the web says the same words in the same lines as the messengers', async () => {
    const { entries } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
    const answers = entries.flatMap((entry) => LANGUAGES.flatMap((l) => (entry.answer[l] ? [{ id: `${entry.id}/${l}`, text: entry.answer[l] }] : [])));
    expect(answers.length).toBeGreaterThan(100);
    for (const { id, text } of answers) {
      // Lines, not the gaps between blocks: a list right under its opening line is its own block on the web.
      const lines = (t: string): string[] => t.split('\n').filter((line) => line !== '');
      expect({ id, lines: lines(documentText(markdownDocument(text))) }).toEqual({ id, lines: lines(messengerText(text)) });
    }
  });
});

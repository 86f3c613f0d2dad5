/**
 * A word we know is read as itself, not as a longer word that starts with it: "apart" (separately) is
 * not "apartment", "child" is not "childcare", "huis" (house) is not "huisarts" (GP). A shortened word we
 * do not know, and another form of the same word ("work" → "working"), still meet the longer one.
 */
import path from 'node:path';
import { loadKnowledgeDirectory } from '../../src/knowledge/load-directory';
import { SearchIndex } from '../../src/search/search-index';
import { TermMatcher } from '../../src/search/term-matcher';
import { termOf } from '../../src/search/terms';
import { resolveQuestion, answeredId } from '../../src/assistant/resolve';

describe('the term matcher', () => {
  const matcher = new TermMatcher(['apart', 'apartment', 'child', 'childcar', 'huis', 'huisarts', 'work', 'working', 'роди', 'родин']);
  const matched = (word: string) => matcher.match(termOf(word)).map((m) => m.term);

  it.each([
    ['apart', 'apartment'],
    ['child', 'childcar'],
    ['huis', 'huisarts'],
    ['apartment', 'apart'],
  ])('does not read the known word "%s" as "%s"', (word, other) => {
    expect(matched(word)).toContain(termOf(word));
    expect(matched(word)).not.toContain(other);
  });

  it('still meets another form of a known word, and a longer word from a shortened unknown one', () => {
    expect(matched('work')).toContain('working');
    expect(matched('huisart')).toContain('huisarts');
    // Cyrillic stems cut forms of one word at different points: "родині" → "роди", "родина" → "родин".
    expect(matched('родині')).toContain('родин');
  });
});

describe('questions a person asks', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    const { knowledge } = await loadKnowledgeDirectory(path.resolve(__dirname, '../../knowledge'));
    index = new SearchIndex(knowledge!);
  });
  const ask = (q: string) => {
    const r = resolveQuestion(index, q);
    return { id: answeredId(r.resolution), ranked: r.search.ranked.map((e) => e.id) };
  };

  it('child allowance when not working gets the child benefit, not the childcare allowance', () => {
    expect(ask("child allowance for refugees who don't work?").id).toBe('aid.child-benefit');
  });

  it('"child benefit" stays child benefit', () => {
    expect(ask('child benefit').id).toBe('aid.child-benefit');
  });

  it.each(['apart wonen', 'moet ik dat apart aanvragen'])('"%s" (separately) is not about renting an apartment', (q) => {
    const r = ask(q);
    expect(r.id).not.toBe('shelter.renting');
    expect(r.ranked.slice(0, 3)).not.toContain('shelter.renting');
  });

  it('"ik zoek een huis" (a house) is not about the GP (huisarts)', () => {
    expect(ask('ik zoek een huis').ranked[0]).not.toBe('healthcare.gp');
  });

  it('a story that ends in "Who should I contact?" is not answered with "talk to a person"', () => {
    const story =
      'My son has had a cough for six weeks and he is losing weight. Before we fled, our doctor in Kharkiv said it might be ' +
      'tuberculosis. We live in a big shelter with many other families. Who should I contact?';
    expect(ask(story).id).not.toBe('contact.human');
  });
});

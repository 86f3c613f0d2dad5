#!/usr/bin/env node
/**
 * `npm run --silent ask -- "question"`: the reply as a person would read it.
 * `npm run --silent ask -- --jsonl`: one question per line on stdin → one JSON object per line:
 * {"question", "language", "id", "score", "alternatives"} — id is the entry the bot answers with, or null.
 */
import { createInterface } from 'node:readline';
import { loadAssistant } from './load-assistant';
import { resolveQuestion, answeredId } from '../assistant/resolve';
import { renderForTerminal } from '../channels/terminal/render';
import { runCommand, writeOut } from './command';

async function main(argv: string[]): Promise<number> {
  const { index, assistant, translate } = await loadAssistant();
  if (argv.includes('--jsonl')) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const question = line.replace(/\r$/, '');
      const r = resolveQuestion(index, question);
      const id = answeredId(r.resolution);
      const score = r.resolution.kind === 'safety' ? 1 : +r.search.confidence.toFixed(4);
      await writeOut(`${JSON.stringify({ question, language: r.language, id, score, alternatives: r.resolution.alternatives })}\n`);
    }
    return 0;
  }
  const question = argv.filter((a) => a !== '--').join(' ');
  if (!question.trim()) {
    console.error('usage: npm run --silent ask -- "your question"   |   npm run --silent ask -- --jsonl < questions.txt');
    return 2;
  }
  const { replies } = assistant.handle({ channel: 'terminal', userKey: 'terminal:ask', text: question }, { greeted: true });
  let n = 1;
  const out = replies.map((reply) => {
    const rendered = renderForTerminal(reply, n, translate('answer.sources', reply.language));
    n += rendered.payloads.length;
    return rendered.text;
  });
  console.log(out.join('\n\n────────\n\n'));
  return 0;
}

runCommand(
  () => main(process.argv.slice(2)),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  },
);

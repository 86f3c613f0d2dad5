/** Replies as plain text for a terminal: Markdown marks removed, links spelled out, buttons numbered. */
import type { Reply } from '../../messages';

export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(?<![\w*])[*_](\S(?:.*?\S)?)[*_](?![\w*])/g, '$1')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`));
}

export interface RenderedTerminalReply {
  text: string;
  /** Payloads in the order of their numbers (1-based on screen). */
  payloads: string[];
}

export function renderForTerminal(reply: Reply, firstNumber = 1, sourcesLabel = 'Sources'): RenderedTerminalReply {
  const parts: string[] = [];
  if (reply.notice) parts.push(`(${reply.notice})`);
  parts.push(markdownToPlain(reply.text));
  if (reply.sources.length) parts.push(`${sourcesLabel}: ${reply.sources.join(' , ')}`);
  if (reply.reviewedLabel) parts.push(reply.reviewedLabel);
  if (reply.caveat) parts.push(`(${reply.caveat})`);
  const payloads: string[] = [];
  const lines = reply.buttons.map((b, i) => {
    payloads.push(b.payload);
    return `  [${firstNumber + i}] ${b.label}`;
  });
  if (lines.length) parts.push(lines.join('\n'));
  return { text: parts.join('\n\n'), payloads };
}

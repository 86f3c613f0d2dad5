/**
 * The Markdown of answers as a small document — paragraphs of lines, lists of items — for the sinks that
 * have block markup: the web chat page (which builds DOM from it, sent as `blocks` with each reply), the
 * volunteers' preview and the privacy page (as HTML, through `documentHtml`). It is read by the same
 * parser the messengers use (markdown-subset.ts), so what a volunteer previews is what people see.
 *
 * Block rules: a blank line ends a block; consecutive "- " (or "1. ") lines are one list; an indented
 * line right after a list item continues that item; other consecutive lines are one paragraph, each
 * line kept as a line (a line break, as in a chat message). Only http(s) links are links; a tel: or
 * mailto: link shows its label and, in brackets, the number or address.
 */
import { markdownLines, readInlineMarkdown } from './markdown-subset';
import { safeHttpUrl } from './safe-url';

export type Inline = string | { readonly strong: Inline[] } | { readonly em: Inline[] } | { readonly link: string; readonly label: Inline[] };
/** One line of text: a paragraph's or a list item's. */
export type InlineLine = Inline[];
export interface ListItem {
  /** As written ("3." stays 3), for numbered lists only. */
  readonly number?: number;
  readonly lines: InlineLine[];
}
export type Block = { readonly paragraph: InlineLine[] } | { readonly list: 'bullet' | 'numbered'; readonly items: ListItem[] };

export function markdownDocument(source: string): Block[] {
  const blocks: Block[] = [];
  // The block being filled, if the next line may join it.
  let open: { paragraph: InlineLine[] } | { list: 'bullet' | 'numbered'; items: Array<{ number?: number; lines: InlineLine[] }> } | undefined;
  for (const line of markdownLines(source)) {
    if (line.kind === 'blank') {
      open = undefined;
      continue;
    }
    if (line.kind === 'bullet' || line.kind === 'numbered') {
      if (!open || !('list' in open) || open.list !== line.kind) {
        open = { list: line.kind, items: [] };
        blocks.push(open);
      }
      const lines = [inlineOf(line.content)];
      open.items.push(line.kind === 'numbered' ? { number: Number(line.number), lines } : { lines });
      continue;
    }
    const lastItem = open && 'list' in open ? open.items[open.items.length - 1] : undefined;
    if (lastItem && line.indented) {
      lastItem.lines.push(inlineOf(line.content));
      continue;
    }
    if (!open || !('paragraph' in open)) {
      open = { paragraph: [] };
      blocks.push(open);
    }
    open.paragraph.push(inlineOf(line.content));
  }
  return blocks;
}

// ---- one line: runs with marks, then nested by their common marks ---------------------------------------

type Mark = { readonly kind: 'strong' } | { readonly kind: 'em' } | { readonly kind: 'link'; readonly href: string };

interface Run {
  readonly text: string;
  /** Outermost first; compared by identity, so two adjacent bold phrases stay two elements. */
  readonly marks: readonly Mark[];
}

const NO_MARKS: readonly Mark[] = Object.freeze([]);

/** Bold inside bold adds nothing: the markup stays flat. */
function withMark(marks: readonly Mark[], kind: 'strong' | 'em'): readonly Mark[] {
  return marks.some((m) => m.kind === kind) ? marks : [...marks, { kind }];
}

function inlineOf(line: string): InlineLine {
  const runs: Run[] = [];
  const push = (text: string, marks: readonly Mark[]): void => {
    if (text !== '') runs.push({ text, marks });
  };
  readInlineMarkdown(line, NO_MARKS, {
    text: push,
    bold: (marks) => withMark(marks, 'strong'),
    italic: (marks) => withMark(marks, 'em'),
    link: (label, target, marks, inline) => {
      const href = safeHttpUrl(target);
      if (href) {
        inline(label, [...marks, { kind: 'link', href }]);
        return;
      }
      // As in the messengers: the label, then the number or address it pointed to.
      inline(label, marks);
      const shown = target.replace(/^(tel|mailto):/i, '');
      if (shown !== label) push(` (${shown})`, marks);
    },
  });
  return nest(runs, 0);
}

/** The runs as a tree: runs sharing their mark at `depth` become one element around their rest. */
function nest(runs: readonly Run[], depth: number): Inline[] {
  const out: Inline[] = [];
  let k = 0;
  while (k < runs.length) {
    const run = runs[k]!;
    const mark = run.marks[depth];
    if (!mark) {
      const last = out[out.length - 1];
      if (typeof last === 'string') out[out.length - 1] = last + run.text;
      else out.push(run.text);
      k += 1;
      continue;
    }
    let end = k + 1;
    while (end < runs.length && runs[end]!.marks[depth] === mark) end += 1;
    const children = nest(runs.slice(k, end), depth + 1);
    out.push(mark.kind === 'link' ? { link: mark.href, label: children } : mark.kind === 'strong' ? { strong: children } : { em: children });
    k = end;
  }
  return out;
}

// ---- HTML, for the server-rendered sinks --------------------------------------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function inlineHtml(nodes: readonly Inline[]): string {
  return nodes
    .map((node) => {
      if (typeof node === 'string') return escapeHtml(node);
      if ('strong' in node) return `<strong>${inlineHtml(node.strong)}</strong>`;
      if ('em' in node) return `<em>${inlineHtml(node.em)}</em>`;
      return `<a class="md-link" href="${escapeHtml(node.link)}" target="_blank" rel="noopener noreferrer">${inlineHtml(node.label)}</a>`;
    })
    .join('');
}

const linesHtml = (lines: readonly InlineLine[]): string => lines.map(inlineHtml).join('<br>');

/**
 * The document as HTML, element for element what the chat page builds from `blocks`
 * (src/web/static/chat/markdown-blocks.js); every character of the source is escaped, so a `<script>`
 * in an answer shows as text.
 */
export function documentHtml(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      if ('paragraph' in block) return `<p class="md-p">${linesHtml(block.paragraph)}</p>`;
      const tag = block.list === 'bullet' ? 'ul' : 'ol';
      const items = block.items.map((item) => `<li${item.number !== undefined ? ` value="${item.number}"` : ''}>${linesHtml(item.lines)}</li>`).join('');
      return `<${tag} class="md-list">${items}</${tag}>`;
    })
    .join('');
}

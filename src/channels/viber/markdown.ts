/**
 * The Markdown subset of knowledge answers (**bold**, *italic*, [links](…), "- " lists) as runs of plain
 * text, bold or not, and their Viber form. Viber text has no markup language, only the app's own `*bold*`:
 * italics lose their markers, [label](url) becomes "label: url" (Viber links bare URLs itself), "- " items
 * become "• ". A URL is never put inside bold markers: a `*` right after it would become part of the link.
 */
import { readMarkdown } from '../markdown-subset';

export interface Run {
  readonly text: string;
  readonly bold: boolean;
}

export function push(out: Run[], text: string, bold: boolean): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && last.bold === bold) out[out.length - 1] = { text: last.text + text, bold };
  else out.push({ text, bold });
}

/** Blank lines separate paragraphs; list markers are normalised. */
export function appendMarkdown(source: string, out: Run[]): void {
  readMarkdown(source, false, {
    text: (text, bold) => push(out, text, bold),
    bold: () => true,
    // Italics have no safe Viber form (an "_" next to a URL or file name is ambiguous): plain text.
    italic: (bold) => bold,
    link: (label, target, bold, inline) => appendLink(label, target, bold, out, inline),
  });
}

/** "label: url"; just the URL when the label says the same; tel:/mailto: show the number or address. */
function appendLink(label: string, target: string, bold: boolean, out: Run[], inline: (markdown: string, bold: boolean) => void): void {
  const shown = isHttpUrl(target) ? target : target.replace(/^(tel|mailto):/i, '');
  const plainLabel = label.replace(/\\(.)/g, '$1').replace(/\*\*|[*_]/g, '');
  const sameAsLabel = [shown, shown.replace(/^https?:\/\//i, '').replace(/\/$/, '')].includes(plainLabel.trim());
  if (sameAsLabel) {
    push(out, shown, false);
    return;
  }
  inline(label, bold);
  push(out, `: ${shown}`, false);
}

export function isHttpUrl(url: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(url)) return false;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Bold runs get `*` around their words; surrounding spaces stay outside, or Viber would not format them. */
export function serialise(runs: readonly Run[]): string {
  return runs
    .map((run) => {
      if (!run.bold || run.text.trim() === '') return run.text;
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(run.text) ?? [];
      return `${lead}*${core}*${trail}`;
    })
    .join('');
}

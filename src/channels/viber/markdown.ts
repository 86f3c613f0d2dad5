/**
 * The Markdown subset of knowledge answers (**bold**, *italic*, [links](…), "- " lists) as runs of plain
 * text, bold or not, and their Viber form. Viber text has no markup language, only the app's own `*bold*`:
 * italics lose their markers, [label](url) becomes "label: url" (Viber links bare URLs itself), "- " items
 * become "• ". A URL is never put inside bold markers: a `*` right after it would become part of the link.
 */
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

export function plainText(runs: readonly Run[]): string {
  return runs.map((run) => run.text).join('');
}

export const isSpace = (c: string): boolean => c === '' || /\s/.test(c);

const BULLET = /^(\s*)[-*•]\s+(.*)$/;
const NUMBERED = /^(\s*)(\d{1,3})[.)]\s+(.*)$/;

/** Blank lines separate paragraphs; list markers are normalised. */
export function appendMarkdown(source: string, out: Run[]): void {
  let started = false;
  let blankBefore = false;
  for (const rawLine of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.trim() === '') {
      blankBefore = true;
      continue;
    }
    if (started) push(out, blankBefore ? '\n\n' : '\n', false);
    started = true;
    blankBefore = false;
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet) {
      push(out, `${bullet[1]}• `, false);
      appendInline(bullet[2] ?? '', false, out);
    } else if (numbered) {
      push(out, `${numbered[1]}${numbered[2]}. `, false);
      appendInline(numbered[3] ?? '', false, out);
    } else {
      appendInline(line.trimStart(), false, out);
    }
  }
}

const LINK = /\[([^[\]\n]+)\]\(([^\s()]+)\)/y;
const ESCAPABLE = new Set(['\\', '*', '_', '[', ']', '(', ')']);
const WORD_CHAR = /[\p{L}\p{N}]/u;

function appendInline(src: string, bold: boolean, out: Run[]): void {
  let i = 0;
  while (i < src.length) {
    const ch = src.charAt(i);
    const next = src.charAt(i + 1);
    if (ch === '\\' && ESCAPABLE.has(next)) {
      push(out, next, bold);
      i += 2;
      continue;
    }
    if (ch === '[') {
      LINK.lastIndex = i;
      const link = LINK.exec(src);
      if (link) {
        const [whole, label = '', target = ''] = link;
        appendLink(label, target, bold, out);
        i += whole.length;
        continue;
      }
    }
    if (ch === '*' && next === '*') {
      const end = closingStrong(src, i + 2);
      if (end !== -1) {
        appendInline(src.slice(i + 2, end), true, out);
        i = end + 2;
        continue;
      }
      push(out, '**', bold);
      i += 2;
      continue;
    }
    if (ch === '*' || ch === '_') {
      const end = closingEmphasis(src, i, ch);
      if (end !== -1) {
        // Italics have no safe Viber form (an "_" next to a URL or file name is ambiguous): plain text.
        appendInline(src.slice(i + 1, end), bold, out);
        i = end + 1;
        continue;
      }
    }
    push(out, ch, bold);
    i += 1;
  }
}

/** "label: url"; just the URL when the label says the same; tel:/mailto: show the number or address. */
function appendLink(label: string, target: string, bold: boolean, out: Run[]): void {
  const shown = isHttpUrl(target) ? target : target.replace(/^(tel|mailto):/i, '');
  const plainLabel = label.replace(/\\(.)/g, '$1').replace(/\*\*|[*_]/g, '');
  const sameAsLabel = [shown, shown.replace(/^https?:\/\//i, '').replace(/\/$/, '')].includes(plainLabel.trim());
  if (sameAsLabel) {
    push(out, shown, false);
    return;
  }
  appendInline(label, bold, out);
  push(out, `: ${shown}`, false);
}


function closingStrong(src: string, from: number): number {
  if (isSpace(src.charAt(from))) return -1;
  for (let j = src.indexOf('**', from + 1); j !== -1; j = src.indexOf('**', j + 1)) {
    if (isSpace(src.charAt(j - 1))) continue;
    while (src.charAt(j + 2) === '*') j += 1;
    return j;
  }
  return -1;
}

/** An underscore inside a word (file_name, a URL) is not emphasis; `**` inside italics is bold. */
function closingEmphasis(src: string, open: number, marker: string): number {
  if (isSpace(src.charAt(open + 1)) || src.charAt(open + 1) === marker) return -1;
  if (marker === '_' && WORD_CHAR.test(src.charAt(open - 1))) return -1;
  for (let j = open + 1; j < src.length; j++) {
    if (src.charAt(j) !== marker) continue;
    if (src.charAt(j + 1) === marker) {
      j += 1;
      continue;
    }
    if (isSpace(src.charAt(j - 1))) continue;
    if (marker === '_' && WORD_CHAR.test(src.charAt(j + 1))) continue;
    return j;
  }
  return -1;
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

/**
 * The README and docs/ stand alone in a clone: every link and every path they mention stays inside the
 * repository and points at a file that exists there (and is not a build output git ignores), and a link
 * to a heading finds that heading.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

const DOCUMENTS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFencedCode(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  return anchors;
}

/** Fenced code blocks blanked out (their lines kept, so line numbers stay right). */
function withoutFencedCode(markdown: string): string {
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return '';
      }
      return inFence ? '' : line;
    })
    .join('\n');
}

/** Link targets outside code: [text](target), ![alt](target), [id]: target, href="…", src="…". */
function linkTargets(markdown: string): Array<{ target: string; line: number }> {
  const out: Array<{ target: string; line: number }> = [];
  withoutFencedCode(markdown)
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/`[^`]*`/g, '');
      const found = [
        ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
        ...[...line.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]!),
        ...[...line.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!),
      ];
      for (const target of found) out.push({ target, line: i + 1 });
    });
  return out;
}

/** Paths a text mentions that climb out of its folder ("../shared/DESIGN.md"), in code or prose. */
function climbingPaths(markdown: string): Array<{ target: string; line: number }> {
  const out: Array<{ target: string; line: number }> = [];
  markdown.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(?:^|[\s`'"(<[=])((?:\.\.\/)+[^\s`'")>\]]*)/g)) out.push({ target: m[1]!, line: i + 1 });
  });
  return out;
}

function isIgnoredByGit(file: string): boolean {
  return spawnSync('git', ['check-ignore', '-q', file], { cwd: ROOT }).status === 0;
}

/** What is wrong with the links of one document (`file` relative to the repository root). */
function linkProblems(file: string, markdown: string, root = ROOT): string[] {
  const problems: string[] = [];
  const dir = path.dirname(path.join(root, file));
  const outside = (resolved: string) => path.relative(root, resolved).startsWith('..') || path.isAbsolute(path.relative(root, resolved));
  for (const { target, line } of climbingPaths(markdown)) {
    if (outside(path.resolve(dir, target))) problems.push(`${file}:${line}: ${target} is outside the repository`);
  }
  for (const { target, line } of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto:, tel:
    const [rawPath = '', anchor] = target.split('#', 2);
    const linkPath = decodeURI(rawPath);
    const resolved = linkPath === '' ? path.join(root, file) : linkPath.startsWith('/') ? path.join(root, linkPath) : path.resolve(dir, linkPath);
    const shown = path.relative(root, resolved);
    if (outside(resolved)) {
      problems.push(`${file}:${line}: ${target} is outside the repository`);
    } else if (!existsSync(resolved)) {
      problems.push(`${file}:${line}: ${target} — no ${shown} in the repository`);
    } else if (isIgnoredByGit(resolved)) {
      problems.push(`${file}:${line}: ${target} — ${shown} is ignored by git, so a clone does not have it`);
    } else if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !headingAnchors(linkPath === '' ? markdown : readFileSync(resolved, 'utf8')).has(anchor)) {
      problems.push(`${file}:${line}: ${target} — ${shown} has no heading #${anchor}`);
    }
  }
  return problems;
}

describe('README.md and docs/', () => {
  it.each(DOCUMENTS)('%s links only to files inside the repository that exist', (file) => {
    expect(linkProblems(file, readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('has the design and the facts in docs/', () => {
    expect(DOCUMENTS).toEqual(expect.arrayContaining(['docs/design.md', 'docs/sources.md']));
  });
});

describe('the link check itself', () => {
  it('finds links and paths that leave the repository, missing files and missing headings', () => {
    const markdown = [
      '# Title',
      '## Quick start',
      'See `../shared/research/facts.md` and [the design](../shared/DESIGN.md).',
      '[ok](docs/design.md), [anchor ok](#quick-start), [web](https://example.org/x.md), [mail](mailto:a@b.c)',
      '[gone](docs/nothing-here.md) and [no heading](#not-a-heading) and [installed](node_modules/typescript/package.json)',
      '```sh',
      'cat ../../etc/passwd',
      '```',
      '[ref]: /work/shared/DESIGN.md',
    ].join('\n');
    const problems = linkProblems('README.md', markdown);
    expect(problems).toEqual([
      'README.md:3: ../shared/research/facts.md is outside the repository',
      'README.md:3: ../shared/DESIGN.md is outside the repository',
      'README.md:7: ../../etc/passwd is outside the repository',
      'README.md:3: ../shared/DESIGN.md is outside the repository',
      'README.md:5: docs/nothing-here.md — no docs/nothing-here.md in the repository',
      'README.md:5: #not-a-heading — README.md has no heading #not-a-heading',
      'README.md:5: node_modules/typescript/package.json — node_modules/typescript/package.json is ignored by git, so a clone does not have it',
      'README.md:9: /work/shared/DESIGN.md — no work/shared/DESIGN.md in the repository',
    ]);
  });
});

/**
 * The safety words are data volunteers edit (src/phrases/safety/*.yaml). What they write is what the
 * check reads, and a mistake stops the start with the file, the line and what is wrong — never a bot
 * running with half its safety words. Each test edits a copy of the shipped files.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSafetyRules } from '../../src/phrases/safety-rules';
import { DataFileError } from '../../src/phrases/read-data-file';

const SHIPPED = path.resolve(__dirname, '../../src/phrases/safety');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'safety-rules-'));
  cpSync(SHIPPED, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Replaces `from` (which must occur once) in one of the copied files; returns the line it was on. */
function edit(file: string, from: string, to: string): number {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  const at = text.indexOf(from);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, at + 1)).toBe(-1);
  writeFileSync(full, text.slice(0, at) + to + text.slice(at + from.length));
  return text.slice(0, at).split('\n').length;
}

/** The problems loading the copy reports, as `file:line: message` lines (file relative to the copy). */
function problems(): string[] {
  try {
    loadSafetyRules(dir);
  } catch (err) {
    if (!(err instanceof DataFileError)) throw err;
    return err.problems.map((p) => `${path.relative(dir, path.resolve(p.file))}:${p.line}: ${p.message}`);
  }
  return [];
}

const sign = (category: string, name: string) =>
  loadSafetyRules(dir)
    .categories.find((c) => c.id === `safety.${category}`)!
    .signs.find((s) => s.name === name)!;

describe('safety words as data', () => {
  it('the shipped files load without a problem', () => {
    expect(problems()).toEqual([]);
  });

  it('a word a volunteer adds is read by the sign that uses its group', () => {
    const message = 'ik wil ophouden te bestaan';
    expect(sign('crisis', 'wish-death').all[0]!.test(message)).toBe(false);
    edit('crisis.yaml', 'ik wil dood,', 'ik wil dood, ik wil ophouden te bestaan,');
    expect(sign('crisis', 'wish-death').all[0]!.test(message)).toBe(true);
  });

  it('a pattern that does not compile is named by its line', () => {
    const line = edit('crisis.yaml', 'ik wil dood,', 'ik wil (dood,');
    expect(problems()).toEqual([`crisis.yaml:${line}: not a valid pattern: Unterminated group`]);
  });

  it('a broken strong phrase is named by its line', () => {
    const line = edit('emergency.yaml', 'overval, inbraak,', "overval, 'inbraak[',");
    expect(problems()).toEqual([`emergency.yaml:${line}: not a valid pattern: Unterminated character class`]);
  });

  it('a sign naming a group nobody defined, and a group no sign uses', () => {
    const signLine = edit('emergency.yaml', 'all: [gas]}', 'all: [gass]}');
    const groupLine = edit('emergency.yaml', '  gas:\n', '  gas:\n');
    expect(problems()).toEqual([
      `emergency.yaml:${groupLine}: the group gas is not used: name it in a sign (all:, none: or of:) or in words-of:, or remove it`,
      `emergency.yaml:${signLine}: no group is called gass`,
    ]);
  });

  it('a weight that is not a number, and a key the format does not know', () => {
    const weight = edit('domestic-violence.yaml', '{name: hide, weight: 1,', '{name: hide, weight: one,');
    const key = edit('exploitation.yaml', '{name: cash, weight: 1,', '{name: cash, weigth: 1, weight: 1,');
    const found = problems();
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`^domestic-violence\\.yaml:${weight}: signs\\.\\d+\\.weight: `)));
    expect(found).toContainEqual(expect.stringMatching(new RegExp(`^exploitation\\.yaml:${key}: signs\\.\\d+: .*weigth`)));
  });

  it('a YAML mistake, a group defined twice and a missing file', () => {
    const syntax = edit('crisis.yaml', '  - {name: hopeless, weight: 1, all: [hopeless]}', '  - {name: hopeless, weight: 1, all: [hopeless]');
    expect(problems()).toEqual([expect.stringMatching(new RegExp(`^crisis\\.yaml:(${syntax}|${syntax + 1}): YAML syntax: `))]);

    edit('crisis.yaml', '  - {name: hopeless, weight: 1, all: [hopeless]', '  - {name: hopeless, weight: 1, all: [hopeless]}');
    const twice = edit('crisis.yaml', '  hopeless:\n', '  chronic:\n    words: [vaak]\n  hopeless:\n');
    expect(problems()).toEqual([`crisis.yaml:${twice}: the group chronic is already defined in ${path.relative(process.cwd(), path.join(dir, 'shared.yaml'))}`]);

    rmSync(path.join(dir, 'exploitation.yaml'));
    expect(problems()).toEqual([expect.stringMatching(/^exploitation\.yaml:1: cannot read the file: /)]);
  });
});

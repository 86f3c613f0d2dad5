/**
 * A data file with a mistake is named so a volunteer edits the right one: the built bot reads the build's
 * copy under dist/src/, but the file to fix is the one under src/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { readDataFile } from '../../src/phrases/read-data-file';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'read-data-file-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const schema = z.strictObject({ words: z.array(z.string()) });
const BROKEN = '# words\nwords: [a, b]\nweight: 2\n';

function put(file: string, text: string): string {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const messageOf = (full: string) => {
  try {
    readDataFile(full, schema);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('data file problems', () => {
  it('name the file under src/ when the built copy is the same, and the copy when it is not', () => {
    put('src/phrases/words.yaml', BROKEN);
    const built = put('dist/src/phrases/words.yaml', BROKEN);
    expect(messageOf(built)).toBe(`${path.relative(process.cwd(), path.join(dir, 'src/phrases/words.yaml'))}:3: Unrecognized key: "weight"`);

    put('src/phrases/words.yaml', `${BROKEN}# edited since the build\n`);
    expect(messageOf(built)).toBe(`${path.relative(process.cwd(), built)}:3: Unrecognized key: "weight"`);
  });
});

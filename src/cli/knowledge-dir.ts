import path from 'node:path';

/** CLIs share the server's rule: KNOWLEDGE_DIR, else ./knowledge. */
export function knowledgeDirFromEnv(): string {
  return path.resolve(process.env.KNOWLEDGE_DIR || 'knowledge');
}

/** A problem found in a knowledge file, located so a volunteer can find and fix it. */
export interface KnowledgeProblem {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}:${p.line}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

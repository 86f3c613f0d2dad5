/**
 * The baselines report: for each set, one row per system with evaluate.ts's figures, then the same as a
 * Markdown table to paste into the README's "Search quality".
 */
import { score, type Figures, type LabelledQuestion, type Prediction } from '../evaluate';

export interface Group {
  label: string;
  keep: (q: LabelledQuestion) => boolean;
  /** Everyday messages with no entry: only "rejected" and "sent to a safety entry" mean anything. */
  lookAlikes?: boolean;
  /** Printed under the label. */
  note?: string;
}

export interface System {
  name: string;
  predictions: readonly Prediction[];
  /** How it decides to answer, printed once above the tables. */
  note: string;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const oos = (f: Figures) => (f.outOfScope ? `${pct(f.oosRejected)} (${f.outOfScope})` : '—');
const toSafety = (ps: readonly Prediction[]) => ps.filter((p) => p.id?.startsWith('safety.')).length;

const COLUMNS = ['in scope', 'top-1', 'answered', 'top-3', 'MRR', 'wrong', 'OOS rejected', 'language', 'safety'];
const WIDTHS = [8, 7, 8, 7, 6, 7, 14, 8, 12];

function cells(f: Figures): string[] {
  return [
    String(f.inScope),
    pct(f.top1),
    pct(f.answered),
    pct(f.top3),
    f.mrr.toFixed(3),
    pct(f.wrongAnswer),
    oos(f),
    pct(f.language),
    f.safetyCount ? `${pct(f.safety)} (${f.safetyCount})` : '',
  ];
}

const line = (label: string, values: string[]) => `${label.padEnd(28)}${values.map((v, i) => v.padStart(WIDTHS[i] ?? 8)).join('  ')}`;

export function formatTables(groups: readonly Group[], systems: readonly System[]): string {
  const out: string[] = [];
  for (const s of systems) out.push(`  ${s.name}: ${s.note}`);
  const markdown = [
    '| set | system | in scope | top-1 | answered | top-3 | wrong | out of scope rejected |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const g of groups) {
    out.push('', g.label);
    if (g.note) out.push(`  (${g.note})`);
    if (g.lookAlikes) out.push(line('', ['messages', 'rejected', 'to safety']));
    else out.push(line('', COLUMNS));
    for (const s of systems) {
      const mine = s.predictions.filter((p) => g.keep(p.question));
      const f = score(mine);
      if (g.lookAlikes) {
        const alarms = toSafety(mine);
        out.push(line(`  ${s.name}`, [String(mine.length), pct(f.oosRejected), `${alarms} = ${pct(alarms / mine.length)}`]));
        markdown.push(`| ${g.label.trim()} | ${s.name} | — | | | | | ${pct(f.oosRejected)} of ${f.outOfScope}; ${alarms} to a safety entry |`);
      } else {
        out.push(line(`  ${s.name}`, cells(f)));
        markdown.push(`| ${g.label.trim()} | ${s.name} | ${f.inScope} | ${pct(f.top1)} | ${pct(f.answered)} | ${pct(f.top3)} | ${pct(f.wrongAnswer)} | ${oos(f)} |`);
      }
    }
  }
  return [...out, '', ...markdown].join('\n');
}

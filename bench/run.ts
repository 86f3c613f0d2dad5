/**
 * `npm run bench` — search speed and memory. `npm run bench -- http` — the HTTP load test.
 * Benchmarks are not tests: they print figures to quote, and never fail a build on timing.
 */
import { runSearchBench } from './search';

async function main(argv: string[]): Promise<void> {
  const which = argv[0] ?? 'search';
  if (which === 'search') return runSearchBench();
  if (which === 'http') {
    const { runHttpBench } = await import('./http');
    return runHttpBench(argv.slice(1));
  }
  throw new Error(`unknown benchmark "${which}"; use: npm run bench [-- search|http]`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

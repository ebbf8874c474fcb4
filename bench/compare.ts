// T0 and E on the other Temporal beside this run's: the newest result in the output folder taken
// on the other server (the dev server for a cluster run, and the other way round), so a deployment
// can be sized from both. Results of older runs without a `temporal` option were on the dev server.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult } from './result';

const serverOf = (r: BenchResult): 'dev' | 'cluster' => (r.options.temporal === 'cluster' ? 'cluster' : 'dev');
const NAMES = { dev: 'dev server', cluster: 'cluster' } as const;

export async function newestOn(outDir: string, server: 'dev' | 'cluster'): Promise<{ file: string; result: BenchResult } | undefined> {
  const files = (await readdir(outDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort().reverse();
  for (const file of files) {
    const result = JSON.parse(await readFile(join(outDir, file), 'utf8')) as BenchResult;
    if (serverOf(result) === server && result.parts.t0?.status === 'ok' && result.parts.e?.status === 'ok') return { file: join(outDir, file), result };
  }
  return undefined;
}

const rate = (n: number | undefined) => (n === undefined ? '-' : `${n} /s`);

export function renderComparison(current: BenchResult, other: { file: string; result: BenchResult } | undefined): string {
  const here = serverOf(current);
  const there = here === 'dev' ? 'cluster' : 'dev';
  if (!other) return `T0 and E on the ${NAMES[there]}: no result in the output folder yet (npm run bench -- --parts=t0,e --temporal=${there}).`;
  const rows: Array<[string, string, string]> = [
    ['', `this run (${NAMES[here]})`, `${NAMES[there]} (${other.result.startedAt}, n=${other.result.options.n})`],
    ['T0 bare Temporal', rate(current.parts.t0?.perSecond), rate(other.result.parts.t0?.perSecond)],
    ['E EdgeCron', rate(current.parts.e?.perSecond), rate(other.result.parts.e?.perSecond)],
    ['E / T0', String(current.parts.e?.eOverT0 ?? '-'), String(other.result.parts.e?.eOverT0 ?? '-')],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return [
    `T0 and E beside the ${NAMES[there]}'s (${other.file}):`,
    ...rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd()),
  ].join('\n');
}

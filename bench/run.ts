// `npm run bench`: one full benchmark run; prints progress and a table, writes the JSON result.
import { newestOn, renderComparison } from './compare';
import { renderCostTable } from './cost-table';
import { renderGoals } from './goals';
import { runBench } from './harness';
import { parseOptions, type BenchOptions } from './options';
import { renderTable } from './table';
import { writeResult } from './write-result';

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const t0 = performance.now();
const log = (line: string) => console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const result = await runBench(options, log);
// The other server's newest figures, looked up before this run's file joins the folder.
const other = await newestOn(options.out, options.temporal === 'dev' ? 'cluster' : 'dev');
const file = await writeResult(result, options.out);
console.log(
  [renderTable(result), renderCostTable(result), renderGoals(result.goals ?? []), renderComparison(result, other), `result written to ${file}`].join('\n\n'),
);
process.exit(0);

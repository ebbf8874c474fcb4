// How EdgeCron's dispatchers started task runs, from the API's and the worker's /metrics: eager (the
// worker's dispatcher, on the worker's connection) or regular. Read before and after a part.
export interface StartCounts {
  eager: number;
  regular: number;
}

const LINE = /^edgecron_dispatch_workflow_starts_total\{kind="task_run",start="(eager|regular)"\} (\d+)$/gm;

export async function taskRunStartCounts(metricsUrls: string[]): Promise<StartCounts> {
  const counts: StartCounts = { eager: 0, regular: 0 };
  for (const url of metricsUrls) {
    const text = await (await fetch(url)).text();
    for (const [, how, n] of text.matchAll(LINE)) counts[how as keyof StartCounts] += Number(n);
  }
  return counts;
}

/** Eager starts over all starts between two readings; undefined when nothing started. */
export function eagerShare(before: StartCounts, after: StartCounts): number | undefined {
  const eager = after.eager - before.eager;
  const all = eager + after.regular - before.regular;
  return all > 0 ? Math.round((eager / all) * 1000) / 1000 : undefined;
}

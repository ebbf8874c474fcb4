// Runs `task(i)` for i in [0, count) with at most `concurrency` in flight; reports progress.
export async function runPool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
  onProgress?: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  let lastReport = performance.now();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
      done++;
      if (onProgress && performance.now() - lastReport > 2000) {
        lastReport = performance.now();
        onProgress(done);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

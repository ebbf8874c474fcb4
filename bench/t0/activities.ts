// T0's activity: does nothing but note that it ran, so the benchmark knows when all are done.
export function createT0Activities(onRun: (benchId: string) => void) {
  return {
    async noopActivity(benchId: string): Promise<void> {
      onRun(benchId);
    },
  };
}

export type T0Activities = ReturnType<typeof createT0Activities>;

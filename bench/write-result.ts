// Writes a run's result as JSON under the output folder; returns the file's path.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResult } from './result';

export async function writeResult(result: BenchResult, outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const file = join(outDir, `bench-${stamp}${result.label ? `-${result.label.replace(/[^\w-]/g, '_')}` : ''}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

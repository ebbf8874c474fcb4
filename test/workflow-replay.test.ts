// Determinism guard: histories recorded from real runs (scripts/record-histories.ts) must replay
// against today's workflow code. A change that would break running workflows fails here, in CI.
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../src/worker/create-worker';
import { historyFromProtoJson } from './helpers/history-json';

const DIR = new URL('./fixtures/histories/', import.meta.url).pathname;
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

it('recorded histories of every workflow path are on file (task runs: success, retry, dead letter, delayed, cancelled; a schedule fire)', () => {
  const types = new Set(files.map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')).events[0].workflowExecutionStartedEventAttributes.workflowType.name));
  expect([...types].sort()).toEqual(['scheduledFireWorkflow', 'taskRunWorkflow']);
  expect(files.length).toBeGreaterThanOrEqual(7);
});

it('today’s workflow code replays every recorded history without a determinism error', async () => {
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromProtoJson(JSON.parse(readFileSync(join(DIR, f), 'utf8'))),
  }));
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
  expect(replayed).toBe(files.length);
}, 120_000);

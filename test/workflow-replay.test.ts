// Determinism guard: histories recorded from real runs (scripts/record-histories.ts) must replay
// against today's workflow code. A change that would break running workflows fails here, in CI.
// Each folder is a generation, recorded by the code of its day; all of them must still replay.
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../src/worker/create-worker';
import { historyFromProtoJson } from './helpers/history-json';

const DIR = new URL('./fixtures/histories/', import.meta.url).pathname;
const generations = readdirSync(DIR).sort();
const files = generations.flatMap((g) => readdirSync(join(DIR, g)).filter((f) => f.endsWith('.json')).map((f) => join(g, f)));

it('each generation of recorded histories covers every workflow path (task runs: success, retry, dead letter, delayed, cancelled; a schedule fire)', () => {
  expect(generations.length).toBeGreaterThanOrEqual(2);
  for (const generation of generations) {
    const own = files.filter((f) => f.startsWith(`${generation}/`));
    const types = new Set(own.map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')).events[0].workflowExecutionStartedEventAttributes.workflowType.name));
    expect([...types].sort(), generation).toEqual(['scheduledFireWorkflow', 'taskRunWorkflow']);
    expect(own.length, generation).toBeGreaterThanOrEqual(7);
  }
});

it('today’s workflow code replays every recorded history without a determinism error', async () => {
  const histories = files.map((f) => ({
    workflowId: f.replace(/\.json$/, ''), // e.g. 2026-11-27/task-run-success
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

// Fanouts and key sequencers recorded by earlier code (scripts/record-fanout-histories.ts): an event to
// three endpoints (one ordered, so a sequencer too) and a key of three ordered runs, one delayed.
const FANOUT_DIR = new URL('./fixtures/histories-fanout/', import.meta.url).pathname;
const fanoutFiles = readdirSync(FANOUT_DIR).sort().flatMap((g) => readdirSync(join(FANOUT_DIR, g)).filter((f) => f.endsWith('.json')).map((f) => join(g, f)));

it('today’s workflow code replays every recorded fanout and key sequencer history', async () => {
  const types = new Set(fanoutFiles.map((f) => JSON.parse(readFileSync(join(FANOUT_DIR, f), 'utf8')).events[0].workflowExecutionStartedEventAttributes.workflowType.name));
  expect([...types].sort()).toEqual(['eventFanoutWorkflow', 'keySequencerWorkflow']);
  const histories = fanoutFiles.map((f) => ({
    workflowId: f.replace(/\.json$/, ''),
    history: historyFromProtoJson(JSON.parse(readFileSync(join(FANOUT_DIR, f), 'utf8'))),
  }));
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
}, 120_000);

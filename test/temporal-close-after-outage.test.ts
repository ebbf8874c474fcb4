// A clean stop after an outage: while Temporal is away, calls wait to retry inside the client; closing
// the connection then (the API's or worker's shutdown) must end those calls as failures their callers
// see, never as an uncaught "Channel has been shut down" thrown from a retry timer (which kills the
// process). A Temporal dev server of the test's own is really stopped to make the outage.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config';
import { freePort } from '../src/stack/free-port';
import { findTemporalCli } from '../src/stack/temporal-cli';
import { startTemporalDevServer, type RunningTemporal } from '../src/stack/temporal-dev-server';
import { createTemporalClient } from '../src/temporal/client';
import { sleep } from './helpers/api';

let temporal: RunningTemporal;
const uncaught: unknown[] = [];
const noteUncaught = (err: unknown) => uncaught.push(err);

beforeAll(async () => {
  const config = loadConfig({ PATH: process.env.PATH });
  temporal = await startTemporalDevServer({ cli: findTemporalCli(config.TEMPORAL_CLI, config.PATH), port: await freePort(), namespace: inject('temporalNamespace') });
  process.on('uncaughtException', noteUncaught);
}, 60_000);

afterAll(async () => {
  process.off('uncaughtException', noteUncaught);
  await temporal?.stop().catch(() => undefined);
});

describe('closing the Temporal connection right after an outage', () => {
  it('ends the calls still retrying as rejected promises, with no uncaught "Channel has been shut down"', async () => {
    const client = createTemporalClient({ address: temporal.address }, inject('temporalNamespace'));
    await client.connection.workflowService.getSystemInfo({});
    await temporal.stop();

    // Calls made during the outage fail fast (UNAVAILABLE) and wait on the client's retry timers.
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      calls.push(client.workflow.start('noSuchWorkflow', { taskQueue: 'nowhere', workflowId: `closed-${i}`, args: [] }));
      await sleep(150);
    }
    await client.connection.close();

    const outcomes = await Promise.allSettled(calls);
    // Give any retry timer still armed time to fire on the closed channel.
    await sleep(3_000);
    expect(uncaught.map(String)).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'));
  }, 60_000);
});

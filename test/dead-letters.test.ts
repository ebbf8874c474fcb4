// Dead letters against the dev server and a real receiver: permanent failures, 410, replay,
// bulk replay, discard, and the per-endpoint dead-letter workflow in Temporal.
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import { deadLetterReplayWorkflowId, deadLetterWorkflowId } from '../src/domain/workflow-ids';
import { newId } from '../src/domain/node/ids';
import { openDeadLettersQuery, deadLetterAddedSignal, deadLetterResolvedSignal } from '../src/workflow-contracts/dead-letter';
import { DEAD_LETTERED_FAILURE } from '../src/workflow-contracts/task-run-input';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { deadLetterOf, fastPolicy, openDeadLetterIds } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { useTemporalClient } from './helpers/temporal-client';

let receiver: Receiver;
const temporal = useTemporalClient();
const extraReceivers: Receiver[] = [];

afterEach(async () => {
  await receiver?.close();
  for (const r of extraReceivers.splice(0)) await r.close();
});

/** What the endpoint's dead-letter workflow holds; openCount -1 until the workflow exists. */
const heldBy = (endpointId: string) =>
  temporal().workflow
    .getHandle(deadLetterWorkflowId(endpointId))
    .query(openDeadLettersQuery)
    .catch((err) => {
      if (err instanceof WorkflowNotFoundError) return { endpointId, openDeadLetterIds: [] as string[], openCount: -1 };
      throw err;
    });

describe('dead letters', () => {
  it('a 404 dead-letters after one attempt; the dead letter shows its last attempt and its workflow holds it', async () => {
    receiver = await startReceiver(respondWith(404, 'no such hook'));
    const endpoint = await endpointFor(receiver);
    const { run, deadLetter } = await deadLetterOf(endpoint.id);
    expect(receiver.requests).toHaveLength(1);
    expect(deadLetter).toMatchObject({ status: 'open', reason: 'permanent_failure', endpointId: endpoint.id, webhookId: run.webhookId });

    const got = await api('GET', `/v1/dead-letters/${deadLetter.id}`);
    expect(got.status).toBe(200);
    expect(got.body.lastAttempt).toMatchObject({ attemptNumber: 1, statusCode: 404, decision: 'dead_letter', responseBody: 'no such hook' });
    expect(got.body.taskRun).toMatchObject({ id: run.id, status: 'dead_letter', attemptCount: 1 });
    expect(got.body.workflowId).toBe(`dead-letters/${endpoint.id}`);
    expect(got.body.temporalUrl).toContain(encodeURIComponent(`dead-letters/${endpoint.id}`));

    // The long-lived workflow is visible in Temporal (what the Web UI lists) and answers its query.
    const held = await waitFor(() => heldBy(endpoint.id), (h) => h.openDeadLetterIds.includes(deadLetter.id));
    expect(held).toEqual({ endpointId: endpoint.id, openDeadLetterIds: [deadLetter.id], openCount: 1 });
    const description = await temporal().workflow.getHandle(deadLetterWorkflowId(endpoint.id)).describe();
    expect(description.type).toBe('deadLetterWorkflow');
    expect(description.status.name).toBe('RUNNING');
    expect(description.searchAttributes.EdgeCronEndpointId).toEqual([endpoint.id]);
  });

  it('a 410 disables the endpoint and dead-letters the run; replay waits until the endpoint is resumed', async () => {
    receiver = await startReceiver(respondWith(410));
    const endpoint = await endpointFor(receiver);
    const { deadLetter } = await deadLetterOf(endpoint.id);
    expect(deadLetter.reason).toBe('endpoint_gone');
    const ep = (await api('GET', `/v1/endpoints/${endpoint.id}`)).body;
    expect(ep.status).toBe('disabled');
    expect(ep.statusReason).toContain('410');
    expect((await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: {} })).status).toBe(409);

    const refused = await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`);
    expect(refused.status).toBe(409);
    expect(refused.body.title).toBe('Endpoint disabled');
    expect((await api('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id, dryRun: true })).body.count).toBe(0);

    receiver.respond = respondWith(200);
    expect((await api('POST', `/v1/endpoints/${endpoint.id}/resume`)).body.status).toBe('active');
    const replay = await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`);
    expect(replay.status).toBe(202);
    expect((await runUntilFinal(replay.body.taskRun.id)).status).toBe('success');
  });

  it('after exhausting its attempts, a replay succeeds once the receiver recovers, with the same webhook-id, marked manual', async () => {
    receiver = await startReceiver(respondWith(503));
    const policy = await fastPolicy(2);
    const endpoint = await endpointFor(receiver, { retryPolicyId: policy.id });
    const { run, deadLetter } = await deadLetterOf(endpoint.id, { invoice: 'inv_9' });
    expect(deadLetter.reason).toBe('attempts_exhausted');
    expect(receiver.requests).toHaveLength(2);

    receiver.respond = respondWith(200);
    const replay = await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`);
    expect(replay.status).toBe(202);
    const replayRun = replay.body.taskRun;
    expect(replayRun).toMatchObject({ trigger: 'replay', replayOfId: run.id, webhookId: run.webhookId, endpointId: endpoint.id });
    expect(replayRun.id).not.toBe(run.id);
    expect(replay.body.deadLetter).toMatchObject({ status: 'replayed', replayTaskRunId: replayRun.id });

    expect((await runUntilFinal(replayRun.id)).status).toBe('success');
    const last = receiver.requests[receiver.requests.length - 1];
    expect(receiver.requests).toHaveLength(3);
    expect(last.headers['webhook-id']).toBe(run.webhookId);
    expect(last.signatureValid).toBe(true);
    expect(JSON.parse(last.body)).toEqual({ invoice: 'inv_9' });
    const attempts = (await api('GET', `/v1/task-runs/${replayRun.id}/attempts`)).body.data;
    expect(attempts.map((a: any) => [a.attemptNumber, a.trigger, a.status])).toEqual([[1, 'manual', 'success']]);

    // Resolved: no longer open, no longer held by the workflow, and not replayable twice.
    expect(await openDeadLetterIds(endpoint.id)).toEqual([]);
    await waitFor(() => heldBy(endpoint.id), (h) => h.openCount === 0);
    expect((await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`)).status).toBe(409);
  });

  it('bulk replay: the dry run counts exactly what the real run replays', async () => {
    receiver = await startReceiver(respondWith(404));
    const endpoint = await endpointFor(receiver);
    const otherReceiver = await startReceiver(respondWith(404));
    extraReceivers.push(otherReceiver);
    const others = await endpointFor(otherReceiver); // same reason, other endpoint: not matched
    for (let i = 0; i < 3; i++) await deadLetterOf(endpoint.id, { n: i });
    await deadLetterOf(others.id);
    const from = new Date(Date.now() - 60_000).toISOString();

    const dry = await api('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id, reason: 'permanent_failure', from, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, count: 3 });

    receiver.respond = respondWith(200);
    const real = await api('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id, reason: 'permanent_failure', from });
    expect(real.status).toBe(202);
    expect(real.body).toMatchObject({ dryRun: false, count: dry.body.count });
    expect(real.body.workflowId).toBe(deadLetterReplayWorkflowId(real.body.id));
    // The dispatcher starts the replay workflow from the outbox a moment after the API answered.
    const viaApi = await waitFor(() => api('GET', `/v1/dead-letters/replays/${real.body.id}`), (r) => r.body.done === true);
    expect(await temporal().workflow.getHandle(real.body.workflowId).result()).toEqual({ total: 3, replayed: 3, skipped: 0, done: true });
    expect(viaApi.body).toMatchObject({ id: real.body.id, total: 3, replayed: 3, skipped: 0, done: true, workflowId: real.body.workflowId });
    expect(viaApi.body.temporalUrl).toContain(encodeURIComponent(real.body.workflowId));
    expect((await api('GET', '/v1/dead-letters/replays/dlr_00000000000000000000000000')).status).toBe(404);

    const replays = (await api('GET', `/v1/task-runs?endpointId=${endpoint.id}&limit=100`)).body.data.filter((r: any) => r.trigger === 'replay');
    expect(replays).toHaveLength(3);
    for (const r of replays) expect((await runUntilFinal(r.id)).status).toBe('success');
    expect(await openDeadLetterIds(endpoint.id)).toEqual([]);
    expect(await openDeadLetterIds(others.id)).toHaveLength(1);
    expect((await api('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id, dryRun: true })).body.count).toBe(0);
  });

  it('bulk replay drains at the configured rate: at most N replays started per second', async () => {
    receiver = await startReceiver(respondWith(404));
    const endpoint = await endpointFor(receiver);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await deadLetterOf(endpoint.id, { n: i })).deadLetter.id);
    receiver.respond = respondWith(200);

    // Started directly with a rate of 2/s: 5 replays need three batches, one second apart.
    const handle = await temporal().workflow.start('deadLetterReplayWorkflow', {
      taskQueue: 'edgecron-test',
      workflowId: deadLetterReplayWorkflowId(newId('deadLetterReplay')),
      args: [{ deadLetterIds: ids, ratePerSecond: 2 }],
    });
    expect(await handle.result()).toMatchObject({ replayed: 5, skipped: 0 });
    const replays = (await api('GET', `/v1/task-runs?endpointId=${endpoint.id}&limit=100`)).body.data
      .filter((r: any) => r.trigger === 'replay')
      .map((r: any) => Date.parse(r.createdAt))
      .sort((a: number, b: number) => a - b);
    expect(replays).toHaveLength(5);
    expect(replays[2] - replays[0]).toBeGreaterThanOrEqual(900); // third one waited for the second batch
    expect(replays[4] - replays[0]).toBeGreaterThanOrEqual(1900);
  });

  it('discard takes it off the open list and keeps the record', async () => {
    receiver = await startReceiver(respondWith(400));
    const endpoint = await endpointFor(receiver);
    const { deadLetter } = await deadLetterOf(endpoint.id);
    await waitFor(() => heldBy(endpoint.id), (h) => h.openCount === 1);

    const discarded = await api('POST', `/v1/dead-letters/${deadLetter.id}/discard`);
    expect(discarded.status).toBe(200);
    expect(discarded.body.status).toBe('discarded');
    expect(discarded.body.resolvedAt).not.toBeNull();
    expect(await openDeadLetterIds(endpoint.id)).toEqual([]);
    const kept = await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&status=discarded`);
    expect(kept.body.data.map((d: any) => d.id)).toEqual([deadLetter.id]);
    expect((await api('GET', `/v1/dead-letters/${deadLetter.id}`)).body.status).toBe('discarded');
    await waitFor(() => heldBy(endpoint.id), (h) => h.openCount === 0);
    expect((await api('POST', `/v1/dead-letters/${deadLetter.id}/discard`)).status).toBe(409);
    expect((await api('POST', `/v1/dead-letters/${deadLetter.id}/replay`)).status).toBe(409);
  });

  it('a dead letter discarded before its workflow hears of it is not held there', async () => {
    receiver = await startReceiver(respondWith(400));
    const endpoint = await endpointFor(receiver);
    const { run, deadLetter } = await deadLetterOf(endpoint.id);
    expect((await api('POST', `/v1/dead-letters/${deadLetter.id}/discard`)).status).toBe(200);
    // The task run workflow ends only after announcing its dead letter, whichever came first; a dead
    // letter fails the workflow (the Web UI's failure views list it), its failure type says why.
    const ended = await temporal().workflow.getHandle(run.workflowId).result().then(() => undefined, (err: unknown) => err);
    expect(ended).toBeInstanceOf(WorkflowFailedError);
    const cause = (ended as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(DEAD_LETTERED_FAILURE);
    expect((cause as ApplicationFailure).details?.[0]).toEqual({ taskRunId: run.id, endpointId: endpoint.id, reason: 'permanent_failure' });
    // The discard's signal goes through the outbox, so the workflow hears of it a moment after the API answered.
    expect(await waitFor(() => heldBy(endpoint.id), (h) => h.openCount === 0)).toEqual({ endpointId: endpoint.id, openDeadLetterIds: [], openCount: 0 });
  });

  it('the dead-letter workflow continues as new to bound its history and keeps what it holds', async () => {
    const workflowId = deadLetterWorkflowId(newId('endpoint'));
    const handle = await temporal().workflow.start('deadLetterWorkflow', {
      taskQueue: 'edgecron-test',
      workflowId,
      args: [{ endpointId: 'ep_test', maxEventsPerRun: 3 }],
    });
    for (const id of ['dl_a', 'dl_b', 'dl_c', 'dl_d']) await handle.signal(deadLetterAddedSignal, id);
    await handle.signal(deadLetterResolvedSignal, { deadLetterId: 'dl_b', resolution: 'discarded' });
    const held = await waitFor(() => temporal().workflow.getHandle(workflowId).query(openDeadLettersQuery), (h) => h.openCount === 3);
    expect(held.openDeadLetterIds).toEqual(['dl_a', 'dl_c', 'dl_d']);
    const latest = await temporal().workflow.getHandle(workflowId).describe();
    expect(latest.runId).not.toBe(handle.firstExecutionRunId);
    await temporal().workflow.getHandle(workflowId).terminate('test done');
  });

  it('lists with filters, validates them, and 404s unknown ids', async () => {
    receiver = await startReceiver(respondWith(404));
    const endpoint = await endpointFor(receiver);
    const { deadLetter } = await deadLetterOf(endpoint.id);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&reason=permanent_failure`)).body.data).toHaveLength(1);
    expect((await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&reason=attempts_exhausted`)).body.data).toHaveLength(0);
    expect((await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&from=${encodeURIComponent(future)}`)).body.data).toHaveLength(0);
    expect((await api('GET', `/v1/dead-letters?endpointId=${endpoint.id}&to=${encodeURIComponent(future)}`)).body.data[0].id).toBe(deadLetter.id);

    const bad = await api('GET', '/v1/dead-letters?status=lost&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['status', 'from']));
    const badBulk = await api('POST', '/v1/dead-letters/replay', { endpointId: endpoint.id, dryRun: 'yes' });
    expect(badBulk.status).toBe(400);
    expect(badBulk.body.errors[0].field).toBe('dryRun');
    for (const [method, path] of [['GET', ''], ['POST', '/replay'], ['POST', '/discard']]) {
      expect((await api(method, `/v1/dead-letters/dl_00000000000000000000000000${path}`)).status).toBe(404);
    }
  });
});

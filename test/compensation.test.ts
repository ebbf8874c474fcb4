// Dead-lettering publishes `edgecron.task_run.dead_lettered`, delivered to endpoints subscribed to it.
import { afterEach, describe, expect, it } from 'vitest';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { createEndpoint, endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

describe('compensation event', () => {
  it('a dead letter is announced to subscribers of edgecron.task_run.dead_lettered, once', async () => {
    const failing = await startReceiver(respondWith(404));
    const compensation = await startReceiver(respondWith(200));
    receivers.push(failing, compensation);
    const target = await createEndpoint({ url: failing.url });
    await endpointFor(compensation, { eventTypes: ['edgecron.task_run.dead_lettered'], eventFilter: { endpointId: target.id } });

    const run = (await api('POST', '/v1/task-runs', { endpointId: target.id, payload: { order: 'ord_1' } })).body;
    expect((await runUntilFinal(run.id)).status).toBe('dead_letter');

    const [delivery] = await compensation.waitForRequests(1);
    expect(delivery.signatureValid).toBe(true);
    const body = JSON.parse(delivery.body);
    expect(body.type).toBe('edgecron.task_run.dead_lettered');
    expect(body.data).toMatchObject({ taskRunId: run.id, endpointId: target.id, reason: 'permanent_failure', trigger: 'api' });
    const events = await waitFor(
      () => api('GET', '/v1/events?type=edgecron.task_run.dead_lettered&limit=100'),
      (r) => r.body.data.some((e: any) => e.payload.taskRunId === run.id),
    );
    expect(events.body.data.filter((e: any) => e.payload.taskRunId === run.id)).toHaveLength(1);
  });
});

// Events end to end: subscriptions saved on endpoints, POST /v1/events, EventFanout workflow, child
// TaskRun workflows, real receivers that verify every signature.
import proto from '@temporalio/proto';
import { afterEach, describe, expect, it } from 'vitest';
import { api, sleep } from './helpers/api';
import { endpointFor } from './helpers/endpoints';
import { eventUntilDelivered, publish } from './helpers/events';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { useTemporalClient } from './helpers/temporal-client';

const temporal = useTemporalClient();
const { EventType } = proto.temporal.api.enums.v1;
const receivers: Receiver[] = [];
const endpointIds: string[] = [];
const unique = () => Math.random().toString(36).slice(2, 10);

// Subscriptions outlive a test: delete them so `*` endpoints do not catch later tests' events.
afterEach(async () => {
  for (const id of endpointIds.splice(0)) await api('DELETE', `/v1/endpoints/${id}`);
  for (const r of receivers.splice(0)) await r.close();
});

/** A receiver and an endpoint subscribed as given; the receiver checks signatures with its secret. */
async function subscriber(subscription: Record<string, unknown>) {
  const receiver = await startReceiver(respondWith(200));
  receivers.push(receiver);
  const endpoint = await endpointFor(receiver, subscription);
  endpointIds.push(endpoint.id);
  return { receiver, endpoint };
}

describe('subscriptions are validated when saved', () => {
  it('a bad filter is a 400 naming where the problem is', async () => {
    const res = await api('POST', '/v1/endpoints', {
      url: 'http://127.0.0.1:9/hook',
      eventTypes: ['invoice.*'],
      eventFilter: { amount: { $gt: true }, $or: [{ currency: { $between: [1, 2] } }] },
    });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors).toEqual(expect.arrayContaining([
      { field: 'eventFilter.amount.$gt', message: 'must be a number or a string' },
      { field: 'eventFilter.$or.0.currency.$between', message: 'unknown operator $between' },
    ]));
  });

  it('a bad type pattern is a 400 naming the pattern', async () => {
    const res = await api('POST', '/v1/endpoints', { url: 'http://127.0.0.1:9/hook', eventTypes: ['invoice.paid', '*.paid'] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('eventTypes.1');
  });

  it('patterns and filter are shown, changed and cleared', async () => {
    const { endpoint } = await subscriber({ eventTypes: ['invoice.*'], eventFilter: { amount: { $gte: 10 } } });
    expect(endpoint).toMatchObject({ eventTypes: ['invoice.*'], eventFilter: { amount: { $gte: 10 } } });
    const changed = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { eventTypes: ['order.created'], eventFilter: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ eventTypes: ['order.created'], eventFilter: null });
    const bad = await api('PATCH', `/v1/endpoints/${endpoint.id}`, { eventFilter: { 'a.b': { $in: 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('eventFilter.a.b.$in');
  });
});

describe('an event reaches exactly the endpoints whose type pattern and filter match', () => {
  it('fans out to matching, active endpoints only, each delivery signed with its own webhook-id', async () => {
    const exact = await subscriber({ eventTypes: ['invoice.paid'] });
    const prefixWithFilter = await subscriber({ eventTypes: ['invoice.*'], eventFilter: { amount: { $gte: 100 }, currency: { $in: ['EUR', 'USD'] } } });
    const everythingGold = await subscriber({ eventTypes: ['*'], eventFilter: { $or: [{ 'customer.tier': 'gold' }, { vip: true }] } });
    const filteredOut = await subscriber({ eventTypes: ['invoice.*'], eventFilter: { amount: { $gt: 1000 } } });
    const otherType = await subscriber({ eventTypes: ['order.*', 'invoice.refunded'] });
    const noSubscription = await subscriber({});
    const deleted = await subscriber({ eventTypes: ['invoice.paid'] });
    expect((await api('DELETE', `/v1/endpoints/${deleted.endpoint.id}`)).status).toBe(200);

    const payload = { invoice: 'inv_42', amount: 250, currency: 'EUR', customer: { tier: 'gold' } };
    const published = await publish({ type: 'invoice.paid', payload });
    expect(published.status).toBe(202);
    expect(published.body).toMatchObject({ type: 'invoice.paid', payload, matchedEndpointCount: null, fanoutStatus: 'matching' });
    expect(published.body.fanoutWorkflowId).toBe(`event-fanout/${published.body.id}`);
    expect(published.body.temporalUrl).toContain(encodeURIComponent(`event-fanout/${published.body.id}`));

    const event = await eventUntilDelivered(published.body.id);
    expect(event.matchedEndpointCount).toBe(3);
    expect(event.fanoutStatus).toBe('completed');
    expect(event.taskRunCounts).toEqual({ success: 3 });
    const runs = event.taskRuns.data as Array<{ id: string; endpointId: string; webhookId: string; status: string }>;
    expect(runs.map((r) => r.endpointId).sort()).toEqual([exact, prefixWithFilter, everythingGold].map((s) => s.endpoint.id).sort());

    for (const matched of [exact, prefixWithFilter, everythingGold]) {
      const [req] = matched.receiver.requests;
      expect(matched.receiver.requests).toHaveLength(1);
      expect(req.signatureValid).toBe(true);
      const body = JSON.parse(req.body);
      expect(body).toEqual({ type: 'invoice.paid', timestamp: event.createdAt, data: payload });
      expect(req.headers['webhook-id']).toBe(runs.find((r) => r.endpointId === matched.endpoint.id)!.webhookId);
    }
    const webhookIds = [exact, prefixWithFilter, everythingGold].map((s) => s.receiver.requests[0].headers['webhook-id']);
    expect(new Set(webhookIds).size).toBe(3);

    await sleep(500); // anything wrongly sent would have arrived by now, the matched ones did
    for (const unmatched of [filteredOut, otherType, noSubscription, deleted]) {
      expect(unmatched.receiver.requests).toHaveLength(0);
    }

    // The same runs through the task-runs API, marked as event-triggered.
    const run = await api('GET', `/v1/task-runs/${runs[0].id}`);
    expect(run.body).toMatchObject({ trigger: 'event', eventId: event.id, status: 'success' });
    const page = await api('GET', `/v1/events/${event.id}/task-runs?limit=2`);
    expect(page.body.data).toHaveLength(2);
    const rest = await api('GET', `/v1/events/${event.id}/task-runs?limit=2&cursor=${page.body.nextCursor}`);
    expect(rest.body.data).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('children are started by the fanout workflow, searchable by endpoint, event type and trigger', async () => {
    const sub = await subscriber({ eventTypes: ['shipment.sent'] });
    const published = await publish({ type: 'shipment.sent', payload: { parcel: 'p1' } });
    const event = await eventUntilDelivered(published.body.id);
    const [run] = event.taskRuns.data;

    // The child can deliver before its parent's last workflow task has completed: wait for the result first.
    expect(await temporal().workflow.getHandle(event.fanoutWorkflowId).result()).toEqual({ matchedEndpointCount: 1 });
    const fanout = await temporal().workflow.getHandle(event.fanoutWorkflowId).describe();
    expect(fanout.type).toBe('eventFanoutWorkflow');
    expect(fanout.status.name).toBe('COMPLETED');

    // The run's success is written before its workflow completes, and the fanout no longer waits on a
    // second activity: wait for the child's own end too (the cluster suite saw it still RUNNING).
    await temporal().workflow.getHandle(run.workflowId).result();
    const child = await temporal().workflow.getHandle(run.workflowId).describe();
    expect(child.type).toBe('taskRunWorkflow');
    expect(child.parentExecution?.workflowId).toBe(event.fanoutWorkflowId);
    expect(child.searchAttributes).toMatchObject({
      EdgeCronEndpointId: [sub.endpoint.id],
      EdgeCronEventType: ['shipment.sent'],
      EdgeCronTrigger: ['event'],
    });
    expect(child.status.name).toBe('COMPLETED');
    expect(child.searchAttributes.EdgeCronStatus).toBeUndefined(); // delivered on the happy path: no status write
  });

  it('a one-page fanout asks Temporal for no activity task: its page and result run in its first workflow task', async () => {
    await subscriber({ eventTypes: ['parcel.lost'] });
    await subscriber({ eventTypes: ['parcel.*'] });
    const published = await publish({ type: 'parcel.lost', payload: { parcel: 'p2' } });
    const event = await eventUntilDelivered(published.body.id);
    expect(event).toMatchObject({ matchedEndpointCount: 2, fanoutStatus: 'completed' });
    const handle = temporal().workflow.getHandle(event.fanoutWorkflowId);
    expect(await handle.result()).toEqual({ matchedEndpointCount: 2 });
    const types = ((await handle.fetchHistory()).events ?? []).map((e) => e.eventType);
    const count = (type: number) => types.filter((t) => t === type).length;
    // Before: four workflow tasks and two activity tasks (the page, then the result).
    expect(count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(0);
    expect(count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toBe(2);
    expect(count(EventType.EVENT_TYPE_MARKER_RECORDED)).toBeGreaterThanOrEqual(1); // the local page, beside patch markers
    expect(count(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED)).toBe(2);
  });

  it('an event that matches no endpoint is recorded as such', async () => {
    const type = `nobody.listens.${unique()}`;
    const published = await publish({ type, payload: { x: 1 } });
    const event = await eventUntilDelivered(published.body.id);
    expect(event).toMatchObject({ type, matchedEndpointCount: 0, fanoutStatus: 'completed', taskRunCounts: {} });
    expect(event.taskRuns).toEqual({ data: [], nextCursor: null });
  });
});

describe('idempotent publishing', () => {
  it('the same key and payload returns the original event once, with no second fanout; other content is a 409', async () => {
    const sub = await subscriber({ eventTypes: ['payment.*'] });
    const key = `pay-${unique()}`;
    const first = await publish({ type: 'payment.captured', payload: { id: 'pay_1', amount: 5, meta: { a: 1, b: 2 } } }, key);
    expect(first.status).toBe(202);
    expect(first.body.idempotencyKey).toBe(key);

    // Same content, keys in another order, key in the body this time.
    const again = await publish({ idempotencyKey: key, type: 'payment.captured', payload: { meta: { b: 2, a: 1 }, amount: 5, id: 'pay_1' } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const conflicting = await publish({ type: 'payment.captured', payload: { id: 'pay_1', amount: 6 } }, key);
    expect(conflicting.status).toBe(409);
    expect(conflicting.contentType).toContain('application/problem+json');
    expect(conflicting.body.detail).toContain(first.body.id);
    const otherType = await publish({ type: 'payment.refunded', payload: { id: 'pay_1', amount: 5, meta: { a: 1, b: 2 } } }, key);
    expect(otherType.status).toBe(409);

    // Each key is valid on its own; naming two in one request is a conflict.
    const mismatch = await publish({ type: 'payment.captured', payload: {}, idempotencyKey: 'one' }, 'two');
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.errors[0].field).toBe('idempotencyKey');

    const event = await eventUntilDelivered(first.body.id);
    expect(event.matchedEndpointCount).toBe(1);
    await sleep(500);
    expect(sub.receiver.requests).toHaveLength(1);
    const listed = await api('GET', '/v1/events?type=payment.captured&limit=100');
    expect(listed.body.data.filter((e: any) => e.idempotencyKey === key)).toHaveLength(1);
  });

  it('concurrent duplicates make exactly one event and one delivery', async () => {
    const sub = await subscriber({ eventTypes: ['race.*'] });
    const key = `race-${unique()}`;
    const type = `race.${unique()}`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => publish({ type, payload: { n: 1 } }, key)));

    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 202]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const listed = await api('GET', `/v1/events?type=${type}`);
    expect(listed.body.data).toHaveLength(1);

    await eventUntilDelivered(answers[0].body.id);
    await sleep(500);
    expect(sub.receiver.requests).toHaveLength(1);
    expect(sub.receiver.requests[0].signatureValid).toBe(true);
  });
});

describe('reading events', () => {
  it('lists newest first, filtered by type or pattern and time, with cursor pagination', async () => {
    const family = `audit${unique()}`;
    const before = new Date(Date.now() - 1000).toISOString();
    const a = (await publish({ type: `${family}.created`, payload: { n: 1 } })).body;
    const b = (await publish({ type: `${family}.created`, payload: { n: 2 } })).body;
    const c = (await publish({ type: `${family}.deleted`, payload: { n: 3 } })).body;

    const exact = await api('GET', `/v1/events?type=${family}.created`);
    expect(exact.body.data.map((e: any) => e.id)).toEqual([b.id, a.id]);
    const pattern = await api('GET', `/v1/events?type=${family}.*&limit=2`);
    expect(pattern.body.data.map((e: any) => e.id)).toEqual([c.id, b.id]);
    const next = await api('GET', `/v1/events?type=${family}.*&limit=2&cursor=${pattern.body.nextCursor}`);
    expect(next.body).toEqual({ data: [expect.objectContaining({ id: a.id })], nextCursor: null });

    const inWindow = await api('GET', `/v1/events?type=${family}.*&from=${encodeURIComponent(before)}&to=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`);
    expect(inWindow.body.data).toHaveLength(3);
    const future = await api('GET', `/v1/events?type=${family}.*&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.data).toHaveLength(0);
    const past = await api('GET', `/v1/events?type=${family}.*&to=${encodeURIComponent(before)}`);
    expect(past.body.data).toHaveLength(0);
  });

  it('bad input is a 400 naming the field; unknown ids are 404', async () => {
    const badType = await publish({ type: 'invoice paid', payload: {} });
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0].field).toBe('type');
    const badKey = await publish({ type: 'invoice.paid', payload: {} }, 'has spaces');
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors[0].field).toBe('Idempotency-Key');
    const noPayload = await publish({ type: 'invoice.paid' });
    expect(noPayload.body.errors[0].field).toBe('payload');
    const emptyWindow = await api('GET', '/v1/events?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(emptyWindow.status).toBe(200); // from after to is an empty range
    expect(emptyWindow.body.data).toEqual([]);
    const badTime = await api('GET', '/v1/events?from=yesterday');
    expect(badTime.status).toBe(400);
    expect(badTime.body.errors[0].field).toBe('from');
    const missing = await api('GET', '/v1/events/evt_00000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.title).toBe('Event not found');
    expect((await api('GET', '/v1/events/evt_00000000000000000000000000/task-runs')).status).toBe(404);
  });
});

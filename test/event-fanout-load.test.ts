// One event to 10,000 subscribed endpoints, through a fanout tree: the root and 39 child fanouts, a
// page of 250 endpoints each. The filter lets through the root's whole page, the whole page of one
// child fanout and every 20th endpoint elsewhere (~1,000 deliveries, so the test stays affordable on a
// shared 2-core machine): the busiest workflows are as busy as in a fanout where all 10,000 match, and
// their histories, read from Temporal, stay far below its warning. Every matched run is delivered,
// signed, once. Prints the wall time (this machine does ~60 Temporal workflows/s when idle).
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { generateSigningSecret } from '../src/domain/node/signing';
import { newId } from '../src/domain/node/ids';
import { createDb, type Db } from '../src/db/prisma';
import { api, waitFor } from './helpers/api';
import { eventUntilDelivered, publish } from './helpers/events';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { sealedSecretFor } from './helpers/activity-deps';
import { useTemporalClient } from './helpers/temporal-client';
import { PAGE_SIZE } from '../workflows/event-fanout.workflow';

const ENDPOINTS = 10_000;
/** The child fanout (its range's index among the root's) whose page matches in full. */
const FULL_PAGE = 20;
/** Temporal's default history-length warning (limit.historyCount.warn); it fails a workflow at 51,200. */
const HISTORY_WARNING = 10_240;

let db: Db;
const temporal = useTemporalClient();
let receiver: Receiver;
const eventType = `load.fanout${Math.random().toString(36).slice(2, 8)}`;
/** Endpoint ids in fanout order (ascending), and which of them the event's payload passes. */
let ids: string[] = [];
const matches = (i: number) => i < PAGE_SIZE || Math.floor(i / PAGE_SIZE) === FULL_PAGE || i % 20 === 0;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  receiver = await startReceiver(respondWith(200));
  // The bulk of endpoint rows straight through Prisma (the API path is covered in events.test.ts);
  // one secret for all, so the one receiver verifies every signature.
  receiver.secret = generateSigningSecret();
  ids = Array.from({ length: ENDPOINTS }, () => newId('endpoint')).sort();
  const rows = ids.map((id, i) => ({
    id, url: receiver.url, secret: sealedSecretFor(id, receiver.secret!), eventTypes: [eventType],
    // The payload has no `skip` field: these endpoints are candidates (the plan counts them) that the filter drops.
    ...(matches(i) ? {} : { eventFilter: { skip: true } }),
  }));
  for (let i = 0; i < rows.length; i += 2000) await db.endpoint.createMany({ data: rows.slice(i, i + 2000) });
}, 120_000);

afterAll(async () => {
  await db.endpoint.updateMany({ where: { eventTypes: { has: eventType } }, data: { deletedAt: new Date() } });
  await receiver.close();
  await db.$disconnect();
});

it(`fans one event out over ${ENDPOINTS} endpoints through a tree, every matched run delivered once, histories far under the warning`, async () => {
  const matched = ids.filter((_, i) => matches(i)).length;
  const started = Date.now();
  const published = await publish({ type: eventType, payload: { batch: 'load', n: ENDPOINTS } });
  expect(published.status).toBe(202);

  // Generous: a loaded 2-core machine has delivered as few as 3 runs/s.
  const event = await eventUntilDelivered(published.body.id, 900_000, 1000);
  const wallMs = Date.now() - started;
  expect(event.matchedEndpointCount).toBe(matched);
  expect(event.taskRunCounts).toEqual({ success: matched });

  expect(receiver.requests).toHaveLength(matched);
  expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
  expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(matched);
  const perEndpoint = await db.taskRun.groupBy({ by: ['endpointId'], where: { eventId: event.id }, _count: { _all: true } });
  expect(perEndpoint).toHaveLength(matched);
  expect(perEndpoint.every((g) => g._count._all === 1)).toBe(true);

  // The tree, found in the Web UI the way a user would: every fanout workflow of the event's type.
  await temporal().workflow.getHandle(event.fanoutWorkflowId).result();
  const pages = ENDPOINTS / PAGE_SIZE;
  const fanouts = await waitFor(async () => {
    const found = [];
    for await (const run of temporal().workflow.list({ query: `EdgeCronEventType = '${eventType}' AND WorkflowType IN ('eventFanoutWorkflow', 'eventFanoutPagesWorkflow')` })) found.push(run);
    return found;
  }, (found) => found.length === pages && found.every((r) => r.status.name === 'COMPLETED' && r.historyLength > 0), 60_000);
  const root = fanouts.find((r) => r.workflowId === event.fanoutWorkflowId)!;
  expect(root.type).toBe('eventFanoutWorkflow');
  const children = fanouts.filter((r) => r !== root);
  expect(children.every((r) => r.type === 'eventFanoutPagesWorkflow' && r.parentExecution?.workflowId === root.workflowId)).toBe(true);

  // The root (250 task runs + 39 fanouts) and the full page's fanout (250 task runs) are the busiest.
  const fullPage = fanouts.find((r) => r.workflowId === `${root.workflowId}/${FULL_PAGE}`)!;
  const lengths = fanouts.map((r) => r.historyLength);
  expect(Math.max(...lengths)).toBe(Math.max(root.historyLength, fullPage.historyLength));
  expect(Math.max(...lengths)).toBeLessThan(HISTORY_WARNING / 4);

  // Each task run is the child of the fanout workflow that took its page.
  const parentOf = async (i: number) => {
    const run = await db.taskRun.findFirstOrThrow({ where: { eventId: event.id, endpointId: ids[i] } });
    return (await temporal().workflow.getHandle(run.workflowId).describe()).parentExecution?.workflowId;
  };
  expect(await parentOf(0)).toBe(root.workflowId);
  expect(await parentOf(FULL_PAGE * PAGE_SIZE + 7)).toBe(fullPage.workflowId);
  const fanoutMs = Math.max(...fanouts.map((r) => r.closeTime?.getTime() ?? 0)) - started;

  const rate = (matched / (wallMs / 1000)).toFixed(1);
  console.log(
    `[fanout] ${ENDPOINTS} endpoints, ${matched} matched, delivered in ${(wallMs / 1000).toFixed(1)} s (${rate} runs/s); ` +
      `all children started after ${(fanoutMs / 1000).toFixed(1)} s; ` +
      `${fanouts.length} fanout workflows, history lengths ${Math.min(...lengths)}–${Math.max(...lengths)} events ` +
      `(root ${root.historyLength}, full page ${fullPage.historyLength})`,
  );
  const sample = await api('GET', `/v1/task-runs/${event.taskRuns.data[0].id}`);
  expect(sample.body).toMatchObject({ trigger: 'event', eventId: event.id, status: 'success', attemptCount: 1 });
}, 1_000_000);

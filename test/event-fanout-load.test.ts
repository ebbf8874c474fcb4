// One event to 2,500 endpoints: every task run delivered, signed, once, through a fanout tree (the root
// and nine child fanouts, a page of 250 each); no fanout workflow's history near Temporal's warning.
// Prints the wall time (this machine does ~60 Temporal workflows/s).
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

const ENDPOINTS = 2500;
/** Temporal's default history-length warning (limit.historyCount.warn). */
const HISTORY_WARNING = 10_240;

let db: Db;
const temporal = useTemporalClient();
let receiver: Receiver;
const eventType = `load.fanout${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  db = createDb(inject('databaseUrl'));
  receiver = await startReceiver(respondWith(200));
  // The bulk of endpoint rows straight through Prisma (the API path is covered in events.test.ts);
  // one secret for all, so the one receiver verifies every signature.
  receiver.secret = generateSigningSecret();
  const ids = Array.from({ length: ENDPOINTS }, () => newId('endpoint'));
  await db.endpoint.createMany({
    data: ids.map((id) => ({ id, url: receiver.url, secret: sealedSecretFor(id, receiver.secret!), eventTypes: [eventType] })),
  });
});

afterAll(async () => {
  await db.endpoint.updateMany({ where: { eventTypes: { has: eventType } }, data: { deletedAt: new Date() } });
  await receiver.close();
  await db.$disconnect();
});

it(`fans one event out to ${ENDPOINTS} endpoints, every run delivered, histories well under the warning`, async () => {
  const started = Date.now();
  const published = await publish({ type: eventType, payload: { batch: 'load', n: ENDPOINTS } });
  expect(published.status).toBe(202);

  // Generous: on a loaded 2-core machine this has taken from 1 to 5 minutes.
  const event = await eventUntilDelivered(published.body.id, 600_000, 1000);
  const wallMs = Date.now() - started;
  expect(event.matchedEndpointCount).toBe(ENDPOINTS);
  expect(event.taskRunCounts).toEqual({ success: ENDPOINTS });

  expect(receiver.requests).toHaveLength(ENDPOINTS);
  expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
  expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(ENDPOINTS);
  const perEndpoint = await db.taskRun.groupBy({ by: ['endpointId'], where: { eventId: event.id }, _count: { _all: true } });
  expect(perEndpoint).toHaveLength(ENDPOINTS);
  expect(perEndpoint.every((g) => g._count._all === 1)).toBe(true);

  // The tree, found in the Web UI the way a user would: every fanout workflow of the event's type.
  await temporal().workflow.getHandle(event.fanoutWorkflowId).result();
  const fanoutRuns = await waitFor(async () => {
    const found = [];
    for await (const run of temporal().workflow.list({ query: `EdgeCronEventType = '${eventType}' AND WorkflowType IN ('eventFanoutWorkflow', 'eventFanoutPagesWorkflow')` })) found.push(run);
    return found;
  }, (found) => found.length === ENDPOINTS / PAGE_SIZE && found.every((r) => r.status.name === 'COMPLETED' && r.historyLength > 0), 30_000);
  const root = fanoutRuns.find((r) => r.workflowId === event.fanoutWorkflowId)!;
  expect(root.type).toBe('eventFanoutWorkflow');
  const pages = fanoutRuns.filter((r) => r !== root);
  expect(pages.every((r) => r.type === 'eventFanoutPagesWorkflow' && r.parentExecution?.workflowId === root.workflowId)).toBe(true);
  const lengths = fanoutRuns.map((r) => r.historyLength);
  // A page of 250 children is ~1,100 events; the warning is 10,240.
  expect(Math.max(...lengths)).toBeLessThan(HISTORY_WARNING / 4);
  // Each task run is the child of one fanout workflow of the tree, which started a page of them.
  const sampleRun = await temporal().workflow.getHandle(event.taskRuns.data[0].workflowId).describe();
  expect(fanoutRuns.map((r) => r.workflowId)).toContain(sampleRun.parentExecution?.workflowId);
  const fanoutMs = Math.max(...fanoutRuns.map((r) => r.closeTime?.getTime() ?? 0)) - started;

  const rate = (ENDPOINTS / (wallMs / 1000)).toFixed(1);
  console.log(
    `[fanout] ${ENDPOINTS} endpoints delivered in ${(wallMs / 1000).toFixed(1)} s (${rate} runs/s); ` +
      `all children started after ${(fanoutMs / 1000).toFixed(1)} s; ` +
      `${fanoutRuns.length} fanout workflows, history lengths ${Math.min(...lengths)}–${Math.max(...lengths)} events`,
  );
  const sample = await api('GET', `/v1/task-runs/${event.taskRuns.data[0].id}`);
  expect(sample.body).toMatchObject({ trigger: 'event', eventId: event.id, status: 'success', attemptCount: 1 });
}, 620_000);

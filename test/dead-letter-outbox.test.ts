// A dead letter's record and its announcement to the endpoint's dead-letter workflow are one
// transaction (an outbox row beside the record): once the record exists, nothing that happens to the
// TaskRun workflow can keep the announcement from its dead-letter workflow. The fault here: the run's
// workflow is terminated the moment its dead letter is recorded (with two activities, the second —
// the announcement — never ran).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../src/db/prisma';
import { deadLetterWorkflowId } from '../src/domain/workflow-ids';
import { openDeadLettersQuery } from '../src/workflow-contracts/dead-letter';
import { api, waitFor } from './helpers/api';
import { createRun, fastPolicy } from './helpers/dead-letters';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { useTemporalClient } from './helpers/temporal-client';

let db: Db;
let receiver: Receiver;
const temporal = useTemporalClient();

beforeAll(() => {
  db = createDb(inject('databaseUrl'));
});
afterAll(async () => {
  await receiver?.close();
  await db.$disconnect();
});

describe('dead letter and its announcement', () => {
  it('reaches its dead-letter workflow even when the run’s workflow is terminated right after the record', async () => {
    receiver = await startReceiver(respondWith(500));
    const endpoint = await endpointFor(receiver, { retryPolicyId: (await fastPolicy(1)).id });
    const run = await createRun(endpoint.id);
    const deadLetter = await waitFor(() => db.deadLetter.findUnique({ where: { taskRunId: run.id } }), (d) => d !== null, 30_000, 10);
    const { workflowId } = await db.taskRun.findUniqueOrThrow({ where: { id: run.id } });
    await temporal()
      .workflow.getHandle(workflowId)
      .terminate('the fault: the run’s workflow ends right after its dead letter is recorded')
      .catch(() => undefined); // already finished: nothing left to split
    const held = await waitFor(
      () => temporal().workflow.getHandle(deadLetterWorkflowId(endpoint.id)).query(openDeadLettersQuery).catch(() => null),
      (h) => !!h?.openDeadLetterIds.includes(deadLetter!.id),
      30_000,
      250,
    );
    expect(held!.openCount).toBe(1);
    // The compensation event goes out with it.
    const events = await waitFor(
      async () => (await api('GET', `/v1/events?type=edgecron.task_run.dead_lettered&limit=100`)).body.data as any[],
      (es) => es.some((e) => e.payload.deadLetterId === deadLetter!.id),
      30_000,
      250,
    );
    expect(events.filter((e) => e.payload.deadLetterId === deadLetter!.id)).toHaveLength(1);
  }, 90_000);
});

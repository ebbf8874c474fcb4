// One Schedule fire → one Task Run row. The run id is derived from the fire's workflow id, so a retried
// activity finds the row it already wrote instead of writing a second one.
import type { Prisma } from '../../src/db/generated/client';
import { newId, seededId } from '../../src/domain/node/ids';
import type { ScheduledRunPlan, ScheduledRunRequest } from '../../src/workflow-contracts/scheduled-fire-input';
import { urlWithoutQuery } from '../../src/domain/redact-url';
import { taskRunWorkflowId } from '../../src/domain/workflow-ids';
import { metrics } from '../../src/metrics/metrics';
import { resolveRetryPolicy } from '../../src/services/resolve-retry-policy';
import type { ActivityDeps } from '../deps';

const skipped = (reason: string): ScheduledRunPlan => ({ kind: 'skipped', reason });

export function createScheduledRunActivities({ db }: ActivityDeps) {
  return {
    async createScheduledTaskRunActivity(req: ScheduledRunRequest): Promise<ScheduledRunPlan> {
      const nominalFireTime = new Date(req.nominalFireTime);
      const id = seededId('taskRun', nominalFireTime.getTime(), req.fireWorkflowId);
      let run = await db.taskRun.findUnique({ where: { id }, include: { endpoint: true } });
      if (!run) {
        const schedule = await db.schedule.findUnique({ where: { id: req.scheduleId }, include: { endpoint: true } });
        // Temporal may still fire around a delete or an endpoint pause; the ledger has the last word.
        if (!schedule || schedule.deletedAt) return skipped('schedule deleted');
        if (schedule.endpoint.deletedAt) return skipped('endpoint deleted');
        if (schedule.endpoint.status !== 'active') return skipped(`endpoint ${schedule.endpoint.status}`);
        run = await db.taskRun.upsert({
          where: { id },
          create: {
            id,
            endpointId: schedule.endpointId,
            trigger: 'schedule',
            scheduleId: schedule.id,
            nominalFireTime,
            payload: schedule.payload as Prisma.InputJsonValue,
            webhookId: newId('message'),
            runAt: new Date(),
            workflowId: taskRunWorkflowId(id),
            tenantId: schedule.endpoint.tenantId,
          },
          update: {},
          include: { endpoint: true },
        });
        metrics.scheduleFires.inc();
      }
      const retry = await resolveRetryPolicy({ db }, run.endpoint.retryPolicyId);
      return {
        kind: 'run',
        taskRunId: run.id,
        endpointId: run.endpointId,
        tenantId: run.tenantId,
        input: { taskRunId: run.id, endpointId: run.endpointId, delayMs: 0, retry, timeoutMs: run.endpoint.timeoutMs },
        endpointUrl: urlWithoutQuery(run.endpoint.url),
        payloadBytes: Buffer.byteLength(JSON.stringify(run.payload)),
      };
    },
  };
}

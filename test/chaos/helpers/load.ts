// Load for the crash cases: N runs to one healthy receiver, then the figures that say whether any
// was lost or delivered twice, and whether every copy of a run carried the same webhook-id.
import { respondWith, startReceiver, type Receiver } from '../../helpers/receiver';
import type { ChaosStack } from './chaos-stack';
import { apiClient, inBatches, sleep } from './client';
import { createEndpoint } from './endpoints';

export interface Load {
  receiver: Receiver;
  endpointId: string;
  /** Run ids created so far (a create refused while a dependency is down is not a run). */
  runIds: string[];
  /** Creates refused with 503 while a dependency was down (the caller was told; nothing half-written). */
  refused: number;
  /** Settles when every create call has answered. */
  created: Promise<void>;
}

/** Starts creating `count` runs, `width` at a time; the receiver answers 200 after `delayMs`. */
export async function startLoad(stack: ChaosStack, o: { count: number; width?: number; delayMs?: number; retryPolicyId?: string }): Promise<Load> {
  const api = apiClient(stack.apiUrl);
  const receiver = await startReceiver((_req, _i, res) => {
    setTimeout(() => respondWith(200)(_req, _i, res), o.delayMs ?? 0);
  });
  const endpoint = await createEndpoint(api, { url: receiver.url, timeoutMs: 5000, ...(o.retryPolicyId ? { retryPolicyId: o.retryPolicyId } : {}) });
  receiver.secret = endpoint.secret;
  const load: Load = { receiver, endpointId: endpoint.id, runIds: [], refused: 0, created: Promise.resolve() };
  load.created = inBatches(o.count, o.width ?? 16, async (i) => {
    for (;;) {
      const res = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { index: i } }).catch(() => ({ status: 0, body: undefined }));
      if (res.status === 202 || res.status === 201) {
        load.runIds.push(res.body.id);
        return;
      }
      if (res.status !== 503 && res.status !== 0) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
      load.refused += 1; // a client retries a 503; so does this one
      await sleep(500);
    }
  }).then(() => undefined);
  return load;
}

export interface DeliveryFigures {
  runs: number;
  delivered: number;
  lost: number;
  duplicates: number;
  /** Webhook-ids the receiver saw that belong to no run: must be 0. */
  webhookIdMismatches: number;
  /** Runs (by payload index) delivered under more than one webhook-id: must be 0. */
  runsWithSeveralWebhookIds: number;
  badSignatures: number;
  /** Failed attempts by reason (the ledger's view of what the faults cost). */
  failedAttempts: Record<string, number>;
}

/** Compares what the receiver got with the ledger's runs. */
export async function deliveryFigures(stack: ChaosStack, load: Load): Promise<DeliveryFigures> {
  const runs = await stack.db.taskRun.findMany({ where: { id: { in: load.runIds } }, select: { id: true, webhookId: true, status: true } });
  const byWebhookId = new Map<string, number>();
  for (const req of load.receiver.requests) byWebhookId.set(req.headers['webhook-id'], (byWebhookId.get(req.headers['webhook-id']) ?? 0) + 1);
  const known = new Set(runs.map((r) => r.webhookId));
  const idsByIndex = new Map<number, Set<string>>();
  for (const req of load.receiver.requests) {
    const index = (JSON.parse(req.body) as { data?: { index?: number }; index?: number });
    const key = index.data?.index ?? index.index ?? -1;
    idsByIndex.set(key, (idsByIndex.get(key) ?? new Set()).add(req.headers['webhook-id']));
  }
  const failed = await stack.db.deliveryAttempt.groupBy({ by: ['errorMessage'], where: { taskRunId: { in: load.runIds }, status: 'failed' }, _count: true });
  const delivered = runs.filter((r) => byWebhookId.has(r.webhookId)).length;
  return {
    runs: runs.length,
    delivered,
    lost: runs.filter((r) => r.status !== 'success' || !byWebhookId.has(r.webhookId)).length + (load.runIds.length - runs.length),
    duplicates: load.receiver.requests.length - byWebhookId.size,
    webhookIdMismatches: [...byWebhookId.keys()].filter((id) => !known.has(id)).length,
    runsWithSeveralWebhookIds: [...idsByIndex.values()].filter((ids) => ids.size > 1).length,
    badSignatures: load.receiver.requests.filter((r) => !r.signatureValid).length,
    failedAttempts: Object.fromEntries(failed.map((f) => [f.errorMessage ?? 'unknown', f._count])),
  };
}

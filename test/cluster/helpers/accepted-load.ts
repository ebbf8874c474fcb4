// Load for the fault cases: `count` task runs through the balanced API, each created once. What
// counts is what the API accepted (a 2xx with the run); a call that got no answer (its replica was
// killed) is counted apart, and every accepted run must be delivered.
import type { Db } from '../../../src/db/prisma';
import { respondWith, startReceiver, type Receiver } from '../../helpers/receiver';
import { apiClient, inBatches, sleep } from '../../chaos/helpers/client';
import { createEndpoint } from '../../chaos/helpers/endpoints';

type Api = ReturnType<typeof apiClient>;

export interface AcceptedLoad {
  receiver: Receiver;
  endpointId: string;
  /** Payload index → run id, for every create answered 2xx. */
  accepted: Map<number, string>;
  /** Creates that got no answer at all (connection dropped): the caller cannot know. */
  unanswered: number;
  /** 503s (a dependency down: the caller was told, and retried). */
  refused: number;
  /** With `retryUnanswered`: why calls got no answer before they were sent again. */
  noAnswerErrors: string[];
  /** Settles when every create call has ended. */
  done: Promise<void>;
}

/**
 * `retryUnanswered`: for faults that do not touch the API, a call that got no answer (a pooled
 * keep-alive socket closed under a loaded machine) is sent again, as a client would; the case then
 * checks that no first try was stored (`unansweredStored` 0), so nothing is counted twice.
 */
export async function startAcceptedLoad(
  api: Api,
  o: { count: number; width?: number; delayMs?: number; retryUnanswered?: boolean },
): Promise<AcceptedLoad> {
  const receiver = await startReceiver((req, i, res) => setTimeout(() => respondWith(200)(req, i, res), o.delayMs ?? 0));
  // A call that times out on a saturated machine is retried a second later, not after exponential
  // backoff, so the case ends in minutes; every call still counts (duplicates keep their webhook-id).
  const policy = await api('POST', '/v1/retry-policies', { name: 'cluster load: 1 s × 20', strategy: 'fixed', initialIntervalMs: 1000, maxAttempts: 20 });
  if (policy.status !== 201) throw new Error(`retry policy create failed: ${policy.status} ${JSON.stringify(policy.body)}`);
  const endpoint = await createEndpoint(api, { url: receiver.url, timeoutMs: 5000, retryPolicyId: policy.body.id });
  receiver.secret = endpoint.secret;
  const load: AcceptedLoad = {
    receiver, endpointId: endpoint.id, accepted: new Map(), unanswered: 0, refused: 0, noAnswerErrors: [], done: Promise.resolve(),
  };
  load.done = inBatches(o.count, o.width ?? 8, async (index) => {
    for (let noAnswer = 0; ; ) {
      const res = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { index } }).catch((err: Error) => {
        load.noAnswerErrors.push(`${err.message}${err.cause ? ` (${(err.cause as Error).message})` : ''}`);
        return undefined;
      });
      if (!res && o.retryUnanswered && ++noAnswer <= 3) continue;
      if (!res) return void (load.unanswered += 1);
      if (res.status === 202 || res.status === 201) return void load.accepted.set(index, res.body.id as string);
      if (res.status !== 503) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
      load.refused += 1;
      await sleep(500);
    }
  }).then(() => undefined);
  return load;
}

export interface AcceptedFigures {
  accepted: number;
  delivered: number;
  /** Accepted runs not delivered (or not success): must be 0. */
  lost: number;
  /** Deliveries beyond one per run, all with their run's webhook-id. */
  duplicates: number;
  /** Payload indexes delivered under more than one webhook-id: must be 0. */
  severalWebhookIds: number;
  /** Webhook-ids that belong to no run of the endpoint: must be 0. */
  foreignWebhookIds: number;
  badSignatures: number;
  /** Runs stored for creates that got no 2xx, and how many of those were delivered anyway. */
  unansweredStored: number;
  unansweredDelivered: number;
}

const indexOf = (body: string) => {
  const parsed = JSON.parse(body) as { data?: { index?: number }; index?: number };
  return parsed.data?.index ?? parsed.index ?? -1;
};

export async function acceptedFigures(db: Db, load: AcceptedLoad): Promise<AcceptedFigures> {
  const runs = await db.taskRun.findMany({ where: { endpointId: load.endpointId }, select: { id: true, webhookId: true, status: true } });
  const acceptedIds = new Set(load.accepted.values());
  const deliveries = new Map<string, number>();
  const idsByIndex = new Map<number, Set<string>>();
  for (const req of load.receiver.requests) {
    const id = req.headers['webhook-id'];
    deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    idsByIndex.set(indexOf(req.body), (idsByIndex.get(indexOf(req.body)) ?? new Set()).add(id));
  }
  const accepted = runs.filter((r) => acceptedIds.has(r.id));
  const others = runs.filter((r) => !acceptedIds.has(r.id));
  const delivered = accepted.filter((r) => deliveries.has(r.webhookId)).length;
  const known = new Set(runs.map((r) => r.webhookId));
  return {
    accepted: acceptedIds.size,
    delivered,
    lost: accepted.filter((r) => r.status !== 'success' || !deliveries.has(r.webhookId)).length + (acceptedIds.size - accepted.length),
    duplicates: load.receiver.requests.length - deliveries.size,
    severalWebhookIds: [...idsByIndex.values()].filter((ids) => ids.size > 1).length,
    foreignWebhookIds: [...deliveries.keys()].filter((id) => !known.has(id)).length,
    badSignatures: load.receiver.requests.filter((r) => !r.signatureValid).length,
    unansweredStored: others.length,
    unansweredDelivered: others.filter((r) => deliveries.has(r.webhookId)).length,
  };
}

/** One case's figures on one line, easy to find in CI output. */
export function report(name: string, figures: Record<string, unknown>): void {
  console.log(`[cluster fault] ${name}: ${Object.entries(figures).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ')}`);
}

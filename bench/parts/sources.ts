// Sources: signed inbound webhooks (Standard Webhooks, signed with the `standardwebhooks` package as a
// sender would) posted to POST /in/:sourceId until every event is delivered to one subscribed endpoint
// and `success` in the ledger: requests/s accepted (202) and delivered, beside E's task runs.
import { request } from 'undici';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ApiClient } from '../api-client';
import type { Ledger } from '../ledger';
import type { BenchReceiver } from '../receiver';
import type { ThroughputPart } from '../result';
import { runPool } from '../pool';
import { perSecond, ratio } from '../stats';
import { createEndpoint } from './endpoints';

export interface SourcesPart extends ThroughputPart {
  /** Signed requests answered 202 per second, while they were being sent. */
  acceptedPerSecond?: number;
  /** Delivered per second over E's task runs per second. */
  sourcesOverE?: number;
}

export async function runSources(
  ctx: { api: ApiClient; receiver: BenchReceiver; ledger: Ledger },
  count: number,
  concurrency: number,
  eRate: number | undefined,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<SourcesPart> {
  const { api, receiver, ledger } = ctx;
  const endpointId = await createEndpoint(api, receiver.url('sources'), { eventTypes: ['bench_src.*'] });
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const source = await api.ok<{ id: string }>('POST', '/v1/sources', {
    name: 'bench', verification: { type: 'standard_webhooks', secret }, eventTypePrefix: 'bench_src.', ingestRateLimitPerSecond: 10_000,
  });
  const signer = new Webhook(secret);
  const url = `${api.baseUrl}/in/${source.id}`;
  const started = performance.now();
  await runPool(
    count,
    concurrency,
    async (i) => {
      const id = `msg_bench_${i}`;
      const body = JSON.stringify({ type: 'order.created', data: { benchId: `sources-${i}`, n: i } });
      const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signer.sign(id, new Date(), body) };
      const res = await request(url, { method: 'POST', headers, body });
      await res.body.dump();
      if (res.statusCode !== 202) throw new Error(`POST /in answered ${res.statusCode}`);
    },
    (done) => progress(`sources accepted ${done}/${count}, delivered ${receiver.okCount('sources')}`),
  );
  const acceptedMs = performance.now() - started;
  progress(`sources: all ${count} accepted after ${Math.round(acceptedMs)} ms; waiting for deliveries`);
  await receiver.waitForOk('sources', count, timeoutMs, (n) => progress(`sources delivered ${n}/${count}`));
  const elapsedMs = (await ledger.waitForRuns([endpointId], 'success', count, timeoutMs)) - started;
  const rate = perSecond(count, elapsedMs);
  return { status: 'ok', count, elapsedMs: Math.round(elapsedMs), perSecond: rate, acceptedPerSecond: perSecond(count, acceptedMs), sourcesOverE: ratio(rate, eRate) };
}

/** The table's rows for this part (bench/table.ts). */
export function sourcesRows(part: SourcesPart | undefined, fmt: (n: number | undefined, unit?: string) => string): [string, string, string, string][] {
  if (!part) return [['Sources', 'not run', '-', '']];
  if (part.status !== 'ok') return [['Sources', part.status === 'failed' ? 'FAILED' : 'not available in this build', '-', part.detail ?? '']];
  return [
    ['Sources', `${part.count} signed requests accepted`, fmt(part.acceptedPerSecond, ' /s'), ''],
    ['Sources', `${part.count} delivered`, fmt(part.perSecond, ' /s'), ''],
    ['Sources', 'delivered / E', fmt(part.sourcesOverE), ''],
  ];
}

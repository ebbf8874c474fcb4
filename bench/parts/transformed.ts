// Transformed: part E's workload (same count, concurrency and pair) to an endpoint whose 20-line
// function reshapes every delivery in the sandbox before it is signed; transformed / E is what a
// transformation costs in throughput. The receiver finds each item by payload.data.benchId.
import type { TransformedPart } from '../result';
import { ratio } from '../stats';
import { runEdgeCron } from './edgecron';

/** A typical receiver-shaping function: rename, nest, add headers, route by kind. */
export const TRANSFORMED_CODE = `function handler(webhook) {
  const p = webhook.payload;
  const kind = String(p.kind || 'unknown');
  const [group, action] = kind.split('.');
  webhook.payload = {
    event: { group, action: action || null },
    data: {
      benchId: p.benchId,
      sequence: p.n,
      even: p.n % 2 === 0,
    },
    meta: { receivedAt: new Date(Date.now()).toISOString(), source: 'edgecron' },
  };
  webhook.headers['x-event-group'] = group;
  webhook.headers['x-sequence'] = String(p.n);
  if (group === 'internal') webhook.cancel = true;
  console.log('shaped', kind);
  return webhook;
}`;

export async function runTransformed(
  ctx: Parameters<typeof runEdgeCron>[0],
  count: number,
  concurrency: number,
  eRate: number | undefined,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<TransformedPart> {
  const { endpointId: _unused, eOverT0: _t0, eOverT1: _t1, r0OverE: _r0, ...run } = await runEdgeCron(ctx, count, concurrency, timeoutMs, progress, {
    tag: 'transformed',
    name: 'transformed',
    endpoint: { transformation: { code: TRANSFORMED_CODE } },
  });
  return { ...run, transformedOverE: ratio(run.perSecond, eRate) };
}

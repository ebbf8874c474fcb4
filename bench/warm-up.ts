// First requests pay for JIT, pools and Temporal task queue creation; a pair serves these runs
// before it is measured, so that cost stays out of the figures.
import type { ApiClient } from './api-client';
import { createEndpoint } from './parts/endpoints';
import type { BenchReceiver } from './receiver';

export const WARM_UP_RUNS = 20;

export async function warmUp(api: ApiClient, receiver: BenchReceiver, tag: string, progress: (l: string) => void): Promise<void> {
  const endpointId = await createEndpoint(api, receiver.url(tag));
  await Promise.all(
    Array.from({ length: WARM_UP_RUNS }, (_, i) =>
      api.ok('POST', '/v1/task-runs', { endpointId, payload: { benchId: `${tag}-${i}` } }),
    ),
  );
  await receiver.waitForOk(tag, WARM_UP_RUNS, 60_000);
  progress(`warm-up done (${tag})`);
}

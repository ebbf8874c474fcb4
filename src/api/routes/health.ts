// Liveness with dependency checks. /healthz is 200 while the API can accept work, which needs only
// PostgreSQL (accepted triggers wait in the outbox while Temporal is away); its body says how each
// dependency is. /readyz is 200 only when both are up.
import { Router } from 'express';
import type { ApiDeps } from '../api-deps';

const PROBE_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>, timeoutMs = PROBE_TIMEOUT_MS): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'down'>((resolve) => (timer = setTimeout(() => resolve('down'), timeoutMs)));
  const result = check().then(() => 'up' as const, () => 'down' as const);
  const state = await Promise.race([result, timeout]);
  clearTimeout(timer);
  return state;
}

export function healthRoutes(deps: Pick<ApiDeps, 'db' | 'temporal' | 'namespace' | 'handoff'>): Router {
  const r = Router();
  const report = async () => {
    const [database, temporal] = await Promise.all([
      probe(() => deps.db.$queryRaw`SELECT 1`),
      // With a deadline, so a frozen Temporal does not leave the call running on for the client's retries.
      probe(() =>
        deps.temporal.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
          deps.temporal.workflowService.describeNamespace({ namespace: deps.namespace }),
        ),
      ),
    ]);
    const ok = database === 'up' && temporal === 'up';
    const { count, oldestSeconds } = deps.handoff.backlog();
    return {
      ok,
      accepting: database === 'up',
      body: { status: ok ? 'ok' : 'degraded', database, temporal, dispatchBacklog: count, dispatchBacklogOldestSeconds: oldestSeconds },
    };
  };
  r.get('/healthz', async (_req, res) => {
    const { accepting, body } = await report();
    res.status(accepting ? 200 : 503).json(body);
  });
  r.get('/readyz', async (_req, res) => {
    const { ok, body } = await report();
    res.status(ok ? 200 : 503).json(body);
  });
  return r;
}

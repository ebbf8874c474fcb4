// Liveness with dependency checks: /healthz reports each dependency, /readyz is 200 only when all are up.
import { Router } from 'express';
import type { ServiceContext } from '../../services/context';

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'down'>((resolve) => (timer = setTimeout(() => resolve('down'), timeoutMs)));
  const result = check().then(() => 'up' as const, () => 'down' as const);
  const state = await Promise.race([result, timeout]);
  clearTimeout(timer);
  return state;
}

export function healthRoutes(ctx: ServiceContext): Router {
  const r = Router();
  const report = async () => {
    const [database, temporal] = await Promise.all([
      probe(() => ctx.db.$queryRaw`SELECT 1`),
      probe(() => ctx.temporal.workflowService.describeNamespace({ namespace: ctx.namespace })),
    ]);
    const ok = database === 'up' && temporal === 'up';
    return { ok, body: { status: ok ? 'ok' : 'degraded', database, temporal } };
  };
  r.get('/healthz', async (_req, res) => {
    const { ok, body } = await report();
    res.status(ok ? 200 : 503).json(body);
  });
  r.get('/readyz', async (_req, res) => {
    const { ok, body } = await report();
    res.status(ok ? 200 : 503).json(body);
  });
  return r;
}

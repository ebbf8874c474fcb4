// edgecron runs list | get | cancel | tail
import { ConflictError } from '../../errors';
import type { DeliveryAttempt, TaskRun } from '../../types';
import type { CommandGroup, Context } from '../context';
import { fields, table } from '../output';
import { RUN_FIELDS } from './send';

const runRows = (runs: TaskRun[]) =>
  table(['ID', 'STATUS', 'TRIGGER', 'ATTEMPTS', 'ENDPOINT', 'CREATED'], runs.map((r) => [r.id, r.status, r.trigger, r.attemptCount, r.endpointId, r.createdAt]));

export const attemptLine = (a: DeliveryAttempt) =>
  `#${a.attemptNumber} ${a.status} ${a.statusCode ?? a.errorKind ?? '-'} ${a.latencyMs} ms  ${a.decision}${a.decisionReason ? ` (${a.decisionReason})` : ''}`;

async function tail(ctx: Context) {
  const endpointId = ctx.flags.optional('endpoint');
  const seconds = ctx.flags.integer('for');
  const intervalMs = 1000;
  ctx.flags.done(0);
  const seen = new Map<string, string>(); // run id → status last printed
  const attemptsSeen = new Set<string>();
  const printed: { runs: TaskRun[]; attempts: DeliveryAttempt[] } = { runs: [], attempts: [] };
  // Runs that exist already are the starting point, not news.
  for (const run of (await ctx.client.taskRuns.listPage({ limit: 100, ...(endpointId ? { endpointId } : {}) })).data) seen.set(run.id, `${run.status}/${run.attemptCount}`);
  ctx.out.note(`following new runs${endpointId ? ` of ${endpointId}` : ''} (polling every second; Ctrl-C stops)`);
  let stop = false;
  void ctx.stopped.then(() => (stop = true));
  const until = seconds === undefined ? Infinity : Date.now() + seconds * 1000;
  while (!stop && Date.now() < until) {
    const page = await ctx.client.taskRuns.listPage({ limit: 100, ...(endpointId ? { endpointId } : {}) });
    for (const run of [...page.data].reverse()) {
      const state = `${run.status}/${run.attemptCount}`;
      const before = seen.get(run.id);
      if (before === state) continue;
      seen.set(run.id, state);
      if (before === undefined || before.split('/')[0] !== run.status) {
        ctx.out.event(`${new Date().toISOString()}  run ${run.id}  ${before === undefined ? 'new' : 'now'} ${run.status}  ${run.trigger} → ${run.endpointId}${run.statusReason ? `  (${run.statusReason})` : ''}`);
        printed.runs.push(run);
      }
      for (const attempt of await ctx.client.taskRuns.attempts(run.id)) {
        if (attemptsSeen.has(attempt.id)) continue;
        attemptsSeen.add(attempt.id);
        ctx.out.event(`${new Date().toISOString()}    attempt ${run.id} ${attemptLine(attempt)}`);
        printed.attempts.push(attempt);
      }
    }
    await Promise.race([new Promise((r) => setTimeout(r, intervalMs)), ctx.stopped]);
  }
  ctx.out.result(printed, [`${printed.runs.length} run changes, ${printed.attempts.length} attempts`]);
}

/** How long `runs cancel` waits out an attempt in flight (an endpoint's timeout is at most 120 s). */
const IN_FLIGHT_WAIT_MS = 130_000;
const FINAL_STATUSES = new Set<TaskRun['status']>(['success', 'dead_letter', 'cancelled', 'failed']);

/**
 * The API refuses to cancel a run while an attempt is in flight (409: "cancel it once the attempt
 * ends"). The CLI does that for the user: it says so, waits for the attempt to end, and cancels then.
 */
async function cancelOnceIdle(ctx: Context, id: string): Promise<TaskRun> {
  const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
  for (let said = false; ; ) {
    try {
      return await ctx.client.taskRuns.cancel(id);
    } catch (err) {
      if (!(err instanceof ConflictError) || Date.now() > deadline) throw err;
      const { status } = await ctx.client.taskRuns.get(id);
      // Ended meanwhile (or already): the API's answer stands. Otherwise the attempt is in flight, or
      // ended between the two calls: try again shortly.
      if (FINAL_STATUSES.has(status)) throw err;
      if (status === 'running' && !said) {
        ctx.out.note(`${id}: an attempt is in flight; cancelling once it ends…`);
        said = true;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export const runs: CommandGroup = {
  async list(ctx) {
    const endpointId = ctx.flags.optional('endpoint');
    const eventId = ctx.flags.optional('event');
    const status = ctx.flags.optional('status') as TaskRun['status'] | undefined;
    const limit = ctx.flags.integer('limit') ?? 20;
    ctx.flags.done(0);
    const page = eventId
      ? await ctx.client.events.taskRunsPage(eventId, { limit })
      : await ctx.client.taskRuns.listPage({ limit, ...(endpointId ? { endpointId } : {}), ...(status ? { status } : {}) });
    ctx.out.result(page, () => runRows(page.data as TaskRun[]));
  },
  async get(ctx) {
    const id = ctx.flags.word(0, 'run id');
    ctx.flags.done(1);
    const [run, attempts] = await Promise.all([ctx.client.taskRuns.get(id), ctx.client.taskRuns.attempts(id)]);
    ctx.out.result({ ...run, attempts }, () => [...fields(run, RUN_FIELDS), '', attempts.length ? 'attempts:' : 'no attempts yet', ...attempts.map((a) => `  ${attemptLine(a)}`)]);
  },
  async cancel(ctx) {
    const id = ctx.flags.word(0, 'run id');
    ctx.flags.done(1);
    const run = await cancelOnceIdle(ctx, id);
    ctx.out.result(run, () => fields(run, RUN_FIELDS));
  },
  tail,
};

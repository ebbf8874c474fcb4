// Records workflow histories for the replay test (test/workflow-replay.test.ts): boots a throwaway
// local stack, drives each workflow path once against a local receiver, and writes every history as
// JSON under test/fixtures/histories/<generation>/. Older generations stay: replaying them is how the
// test proves today's code still runs workflows started by an earlier version. Record a new
// generation when a workflow changes (guarded by `patched()`):
//   npx tsx scripts/record-histories.ts <generation, e.g. today's date>
import { startReceiver } from '../test/helpers/receiver';
import { openRecording } from './history-recording';

const { api, client, writeHistories, close } = await openRecording('record-histories.ts', 'histories');
const FINAL = ['success', 'dead_letter', 'cancelled', 'failed'];
const until = async (read: () => Promise<boolean>) => {
  for (let i = 0; i < 600 && !(await read()); i++) await new Promise((r) => setTimeout(r, 100));
};
const runFinal = (id: string) => until(async () => FINAL.includes((await api('GET', `/v1/task-runs/${id}`)).body.status));

// Receiver paths: /ok answers 200, /flaky 503 then 200, /gone 400.
let flakyCalls = 0;
const receiver = await startReceiver((req, _i, res) => {
  if (req.path.endsWith('/flaky')) return void res.writeHead(flakyCalls++ === 0 ? 503 : 200).end();
  res.writeHead(req.path.endsWith('/gone') ? 400 : 200).end();
});
const endpoint = async (path: string) => (await api('POST', '/v1/endpoints', { url: receiver.url + path })).body.id as string;
const run = async (endpointId: string, extra: Record<string, unknown> = {}) =>
  (await api('POST', '/v1/task-runs', { endpointId, payload: { recorded: true }, ...extra })).body.id as string;

const recorded: Record<string, string> = {};
const ok = await endpoint('/ok');
recorded['task-run-success'] = await run(ok);
recorded['task-run-retry-then-success'] = await run(await endpoint('/flaky'));
recorded['task-run-dead-letter'] = await run(await endpoint('/gone'));
recorded['task-run-delayed'] = await run(ok, { delayMs: 1500 });
const cancelled = await run(ok, { delayMs: 600_000 });
recorded['task-run-cancelled'] = cancelled;
for (const id of Object.values(recorded)) if (id !== cancelled) await runFinal(id);
await api('POST', `/v1/task-runs/${cancelled}/cancel`);
await runFinal(cancelled);

// A schedule fire: scheduledFireWorkflow records its run, then delivers it as a child taskRunWorkflow.
const schedule = (await api('POST', '/v1/schedules', { endpointId: ok, cron: '0 0 1 1 *', payload: { recorded: true } })).body.id as string;
await api('POST', `/v1/schedules/${schedule}/trigger`);
let fireRunId = '';
await until(async () => {
  const runs = (await api('GET', `/v1/schedules/${schedule}/runs`)).body.data as Array<{ id: string; status: string }>;
  fireRunId = runs[0]?.id ?? '';
  return Boolean(runs[0] && FINAL.includes(runs[0].status));
});

const workflowIds: Record<string, string> = Object.fromEntries(Object.entries(recorded).map(([name, id]) => [name, `task-run/${id}`]));
const fires = client.workflow.list({ query: `WorkflowType = 'scheduledFireWorkflow'` });
for await (const fire of fires) workflowIds['scheduled-fire'] = fire.workflowId;
workflowIds['scheduled-fire-child-task-run'] = `task-run/${fireRunId}`;
await writeHistories(workflowIds);
await receiver.close();
await close();

// Records the fanout and key sequencer histories for the replay test (test/workflow-replay.test.ts):
// an event fanned out to three endpoints (one of them ordered, so the fanout also wakes a sequencer)
// and a key of three ordered runs, one of them delayed. Same stack and format as
// scripts/record-histories.ts; written under test/fixtures/histories-fanout/<generation>/.
//   npx tsx scripts/record-fanout-histories.ts <generation, e.g. today's date>
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { sequencerWorkflowIdFor } from '../src/domain/node/ordering-key';
import { startLocalStack } from '../src/runtime/local-stack';
import { findTemporalCli } from '../src/stack/temporal-cli';
import { CHAOS_SECURITY } from '../test/chaos/helpers/security';
import { freePort } from '../src/stack/free-port';
import { startReceiver } from '../test/helpers/receiver';

const generation = process.argv[2];
if (!generation || !/^[\w.-]+$/.test(generation)) throw new Error('usage: record-fanout-histories.ts <generation> (a folder name)');
const OUT = new URL(`../test/fixtures/histories-fanout/${generation}/`, import.meta.url).pathname;
await mkdir(OUT, { recursive: true });

const dataDir = await mkdtemp(join(tmpdir(), 'edgecron-record-'));
await chmod(dataDir, 0o755);
const config = loadConfig({
  PATH: process.env.PATH, PORT: '0', LOG_STDOUT: 'false', EDGECRON_DATA_DIR: dataDir, TEMPORAL_TASK_QUEUE: 'edgecron-record',
  EDGECRON_PG_PORT: String(await freePort()), EDGECRON_TEMPORAL_PORT: String(await freePort()),
  ...CHAOS_SECURITY, // throwaway keys, loopback receivers allowed
});
const stack = await startLocalStack(config, { persistent: false, withUi: false, log: () => undefined });
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(stack.api.url + path, { method, headers: { authorization: `Bearer ${CHAOS_SECURITY.EDGECRON_BOOTSTRAP_API_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};
const receiver = await startReceiver((_req, _i, res) => void res.writeHead(200).end());
const endpoint = async (extra: Record<string, unknown>) => (await api('POST', '/v1/endpoints', { url: receiver.url, ...extra })).body.id as string;

const workflowIds: Record<string, string> = {};
await endpoint({ eventTypes: ['recorded.*'] });
await endpoint({ eventTypes: ['recorded.fanout'] });
const ordered = await endpoint({ eventTypes: ['recorded.*'], ordering: 'key' });
const event = (await api('POST', '/v1/events', { type: 'recorded.fanout', payload: { recorded: true }, orderingKey: 'k-event' })).body;
workflowIds['event-fanout'] = event.fanoutWorkflowId;
workflowIds['key-sequencer-event'] = sequencerWorkflowIdFor(ordered, 'k-event');

const sequenced = await endpoint({ ordering: 'key' });
for (const [n, delayMs] of [[1, 0], [2, 1500], [3, 0]]) {
  await api('POST', '/v1/task-runs', { endpointId: sequenced, orderingKey: 'k-runs', payload: { n }, delayMs });
}
workflowIds['key-sequencer-runs'] = sequencerWorkflowIdFor(sequenced, 'k-runs');

const client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: config.TEMPORAL_NAMESPACE });
for (const [name, workflowId] of Object.entries(workflowIds)) {
  for (let i = 0; i < 600; i++) {
    const started = await client.workflow.getHandle(workflowId).describe().then(() => true, () => false);
    if (started) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await client.workflow.getHandle(workflowId).result();
  // The CLI writes Temporal's canonical proto JSON, the format `historyFromJSON` and the Web UI's download use.
  const json = execFileSync(findTemporalCli(config.TEMPORAL_CLI, config.PATH), [
    'workflow', 'show', '--workflow-id', workflowId, '--address', stack.temporalAddress, '--namespace', config.TEMPORAL_NAMESPACE, '--output', 'json',
  ]).toString();
  await writeFile(join(OUT, `${name}.json`), json.endsWith('\n') ? json : json + '\n');
  console.log(`recorded ${name} (${workflowId}, ${(JSON.parse(json) as { events: unknown[] }).events.length} events)`);
}
await client.connection.close();
await receiver.close();
await stack.stop();
await rm(dataDir, { recursive: true, force: true });

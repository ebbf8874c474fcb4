// Records the fanout and key sequencer histories for the replay test (test/workflow-replay.test.ts):
// an event fanned out to three endpoints (one of them ordered, so the fanout also wakes a sequencer)
// and a key of three ordered runs, one of them delayed. Same stack and format as
// scripts/record-histories.ts; written under test/fixtures/histories-fanout/<generation>/.
//   npx tsx scripts/record-fanout-histories.ts <generation, e.g. today's date>
import { sequencerWorkflowIdFor } from '../src/domain/node/ordering-key';
import { startReceiver } from '../test/helpers/receiver';
import { openRecording } from './history-recording';

const { api, writeHistories, close } = await openRecording('record-fanout-histories.ts', 'histories-fanout');
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

// The ordered runs' sequencer starts only once the dispatcher gets to it: wait for each start too.
await writeHistories(workflowIds, true);
await receiver.close();
await close();

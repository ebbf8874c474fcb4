import { Client, Connection } from '@temporalio/client';
import { startTemporalDevServer } from './src/stack/temporal-dev-server';
import { findTemporalCli } from './src/stack/temporal-cli';
import { freePort } from './src/stack/free-port';
const t = await startTemporalDevServer({ cli: findTemporalCli(undefined, process.env.PATH ?? ''), port: await freePort(), namespace: 'default' });
const client = new Client({ connection: await Connection.connect({ address: t.address }) });
try {
  const h = await client.schedule.create({ scheduleId: 's1', spec: { cronExpressions: ['* * * * *'], startAt: new Date('2030-01-01'), endAt: new Date('2029-01-01') }, action: { type: 'startWorkflow', workflowType: 'x', taskQueue: 'q' } });
  const d = await h.describe();
  console.log('created; next', d.info.nextActionTimes);
} catch (e) { console.log('error', (e as Error).message); }
await t.stop();

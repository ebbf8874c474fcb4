// History events per delivered run, read from Temporal: the number issue 30 moves (every event is a
// write, and most a round trip, on the server). A sample of each part's workflows, spread over the part.
import { Client, Connection } from '@temporalio/client';
import type { BenchStack } from './stack';

const SAMPLE = 50;
const CLOSE_WAIT_MS = 5000;

/** The run's whole history: a run can be reported done just before its workflow has closed. */
async function closedHistoryLength(client: Client, workflowId: string): Promise<number> {
  const deadline = Date.now() + CLOSE_WAIT_MS;
  for (;;) {
    const handle = client.workflow.getHandle(workflowId);
    const { status } = await handle.describe();
    if (status.name !== 'RUNNING' || Date.now() > deadline) return (await handle.fetchHistory()).events?.length ?? 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Mean history length over up to SAMPLE of these workflows, one decimal. */
export async function historyEventsPerRun(stack: Pick<BenchStack, 'temporalAddress' | 'namespace'>, workflowIds: string[]): Promise<number | undefined> {
  if (workflowIds.length === 0) return undefined;
  const step = Math.max(1, Math.floor(workflowIds.length / SAMPLE));
  const sample = workflowIds.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection, namespace: stack.namespace });
    const lengths = await Promise.all(sample.map((id) => closedHistoryLength(client, id)));
    return Math.round((lengths.reduce((a, b) => a + b, 0) / lengths.length) * 10) / 10;
  } finally {
    await connection.close();
  }
}

// What both history recorders share (scripts/record-histories.ts, scripts/record-fanout-histories.ts): a
// throwaway local stack with loopback receivers allowed, an API caller with its key, and writing each
// named workflow's history, once it has finished, as Temporal's canonical JSON into the generation folder.
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { startLocalStack } from '../src/runtime/local-stack';
import { freePort } from '../src/stack/free-port';
import { findTemporalCli } from '../src/stack/temporal-cli';
import { CHAOS_SECURITY } from '../test/chaos/helpers/security';

/** `fixtures`: the folder under test/fixtures; the generation (a folder name) is the script's argument. */
export async function openRecording(script: string, fixtures: string) {
  const generation = process.argv[2];
  if (!generation || !/^[\w.-]+$/.test(generation)) throw new Error(`usage: ${script} <generation> (a folder name, e.g. 2026-11-28)`);
  const out = new URL(`../test/fixtures/${fixtures}/${generation}/`, import.meta.url).pathname;
  await mkdir(out, { recursive: true });

  const dataDir = await mkdtemp(join(tmpdir(), 'edgecron-record-'));
  await chmod(dataDir, 0o755);
  const config = loadConfig({
    PATH: process.env.PATH, PORT: '0', LOG_STDOUT: 'false', EDGECRON_DATA_DIR: dataDir, TEMPORAL_TASK_QUEUE: 'edgecron-record',
    EDGECRON_PG_PORT: String(await freePort()), EDGECRON_TEMPORAL_PORT: String(await freePort()),
    ...CHAOS_SECURITY, // throwaway keys, loopback receivers allowed
  });
  const stack = await startLocalStack(config, { persistent: false, withUi: false, log: () => undefined });
  const client = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }), namespace: config.TEMPORAL_NAMESPACE });

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(stack.api.url + path, {
      method,
      headers: { authorization: `Bearer ${CHAOS_SECURITY.EDGECRON_BOOTSTRAP_API_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  /** Waits for each workflow to be started (when `awaitStart`) and to end, then writes its history as `<name>.json`. */
  async function writeHistories(workflowIds: Record<string, string>, awaitStart = false): Promise<void> {
    for (const [name, workflowId] of Object.entries(workflowIds)) {
      for (let i = 0; awaitStart && i < 600; i++) {
        if (await client.workflow.getHandle(workflowId).describe().then(() => true, () => false)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await client.workflow.getHandle(workflowId).result().catch(() => undefined);
      // The CLI writes Temporal's canonical proto JSON, the format `historyFromJSON` and the Web UI's download use.
      const json = execFileSync(findTemporalCli(config.TEMPORAL_CLI, config.PATH), [
        'workflow', 'show', '--workflow-id', workflowId, '--address', stack.temporalAddress, '--namespace', config.TEMPORAL_NAMESPACE, '--output', 'json',
      ]).toString();
      await writeFile(join(out, `${name}.json`), json.endsWith('\n') ? json : json + '\n');
      console.log(`recorded ${name} (${workflowId}, ${(JSON.parse(json) as { events: unknown[] }).events.length} events)`);
    }
  }

  async function close(): Promise<void> {
    await client.connection.close();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  return { api, client, writeHistories, close };
}

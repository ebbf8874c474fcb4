// @edgecron/sdk as a package: `npm pack` (its prepack builds ESM + CommonJS + declarations with tsup)
// gives a tarball that a throwaway plain-JavaScript app installs and uses against the running API, once
// through require() and once through import, with no TypeScript and no tsx anywhere.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sdkOpenApiTypes } from '../scripts/sdk/openapi-types';
import { EDGECRON_SEARCH_ATTRIBUTES } from '../src/sdk/index';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import { type Receiver, startReceiver } from './helpers/receiver';

const run = promisify(execFile);
const SDK_DIR = resolve('src/sdk');
let app: string;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  app = await mkdtemp(join(tmpdir(), 'edgecron-sdk-app-'));
  const { stdout } = await run('npm', ['pack', SDK_DIR, '--pack-destination', app, '--silent'], { timeout: 180_000 });
  const tarball = stdout.trim().split('\n').pop()!;
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'throwaway-app', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(app, tarball)], { cwd: app, timeout: 120_000 });
  for (const file of ['use-sdk.cjs', 'use-sdk.mjs', 'exercise.cjs']) await cp(resolve('test/fixtures/sdk-app', file), join(app, file));
}, 240_000);

afterAll(async () => {
  await receiver?.close();
  if (app) await rm(app, { recursive: true, force: true });
});

async function runApp(script: string) {
  const { stdout } = await run(process.execPath, [script], {
    cwd: app,
    timeout: 60_000,
    // Only what a user's app would have: no tsx loader, no NODE_OPTIONS from the test runner.
    env: { PATH: process.env.PATH, EDGECRON_URL: inject('apiUrl'), EDGECRON_API_KEY: inject('apiKey'), RECEIVER_URL: receiver.url },
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('the packed SDK in a plain JavaScript app', () => {
  it('installs with no dependencies, versioned with the API', async () => {
    const installed = JSON.parse(await readFile(join(app, 'node_modules/@edgecron/sdk/package.json'), 'utf8'));
    const api = JSON.parse(await readFile('package.json', 'utf8'));
    expect(installed.name).toBe('@edgecron/sdk');
    expect(installed.version).toBe(api.version);
    expect(installed.dependencies ?? {}).toEqual({});
    const { stdout } = await run('npm', ['ls', '--all', '--parseable'], { cwd: app });
    expect(stdout.trim().split('\n').map((p) => p.replace(app, ''))).toEqual(['', '/node_modules/@edgecron/sdk']);
  });

  it('ships the `edgecron` command, built (no TypeScript, no tsx), working against the API', async () => {
    const env = { PATH: process.env.PATH, EDGECRON_URL: inject('apiUrl'), EDGECRON_API_KEY: inject('apiKey') };
    const bin = join(app, 'node_modules/.bin/edgecron');
    const version = await run(bin, ['--version'], { cwd: app, env });
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile('package.json', 'utf8')).version);
    const listed = await run(bin, ['endpoints', 'list', '--json'], { cwd: app, env });
    expect(JSON.parse(listed.stdout).data).toBeInstanceOf(Array);
  });

  for (const script of ['use-sdk.cjs', 'use-sdk.mjs']) {
    it(`${script}: creates an endpoint, publishes an event, iterates the runs and catches a typed error`, async () => {
      const result = await runApp(script);
      expect(result.endpointId).toMatch(/^ep_/);
      expect(result.secretShown).toBe(true);
      expect(result.eventId).toMatch(/^evt_/);
      expect(result.runs).toHaveLength(1);
      expect(result.runs[0]).toMatchObject({ endpointId: result.endpointId, eventId: result.eventId, trigger: 'event' });
      expect(result.caught).toEqual({ notFound: true, apiError: true, status: 404, title: 'Endpoint not found' });
    }, 90_000);
  }
});

describe('what the package is built from', () => {
  it('its types are the ones generated from the current OpenAPI document (npm run sdk:types)', async () => {
    expect(await readFile('src/sdk/openapi-types.ts', 'utf8')).toBe(await sdkOpenApiTypes());
  });

  it("its search attribute keys are the worker's own", () => {
    expect(EDGECRON_SEARCH_ATTRIBUTES).toEqual(SEARCH_ATTRIBUTES);
  });
});

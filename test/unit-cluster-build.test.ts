// `npm run cluster` builds the Temporal server with the machine's Go: a missing or too old Go must
// say what is needed, before anything is downloaded.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkGo, ensureServerBuild, versionAtLeast } from '../src/stack/temporal-cluster/server-build';
import { GO_MIN_VERSION } from '../src/stack/temporal-cluster/settings';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A `go` that reports the given version, as `go env GOVERSION` does. */
async function fakeGo(version: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edgecron-fake-go-'));
  dirs.push(dir);
  const file = join(dir, 'go');
  await writeFile(file, `#!/bin/sh\necho go${version}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('the Go toolchain check of npm run cluster', () => {
  it('compares versions numerically', () => {
    expect(versionAtLeast('1.26.8', '1.26.2')).toBe(true);
    expect(versionAtLeast('1.26.2', '1.26.2')).toBe(true);
    expect(versionAtLeast('1.26.10', '1.26.2')).toBe(true);
    expect(versionAtLeast('1.26', '1.26.2')).toBe(false);
    expect(versionAtLeast('1.25.9', '1.26.2')).toBe(false);
  });

  it('says Go is missing, and which version it needs', () => {
    const res = checkGo('/nonexistent/bin/go');
    expect(res).toEqual({ problem: expect.stringContaining('Go was not found') });
    expect((res as { problem: string }).problem).toContain(`Go ≥ ${GO_MIN_VERSION}`);
  });

  it('refuses a Go older than the server asks for, and accepts a new enough one', async () => {
    expect(checkGo(await fakeGo('1.25.4'))).toEqual({ problem: expect.stringMatching(new RegExp(`^Go 1\\.25\\.4 is too old\\. .*Go ≥ ${GO_MIN_VERSION.replace(/\./g, '\\.')}`)) });
    expect(checkGo(await fakeGo('1.26.8'))).toEqual({ version: '1.26.8' });
  });

  it('fails the build with that message when neither .tools nor the cache has the server', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'edgecron-empty-cache-'));
    dirs.push(cache);
    const tools = await mkdtemp(join(tmpdir(), 'edgecron-empty-tools-'));
    dirs.push(tools);
    const lines: string[] = [];
    await expect(
      ensureServerBuild((l) => lines.push(l), { ...process.env, EDGECRON_CACHE_DIR: cache, GO: await fakeGo('1.24.0') }, tools),
    ).rejects.toThrow(/Go 1\.24\.0 is too old/);
    expect(lines).toEqual([]); // nothing started
  });
});

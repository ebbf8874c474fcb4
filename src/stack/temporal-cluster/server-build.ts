// The Temporal server and its SQL tool, built once from the Go module proxy into `.tools/` (about
// 4 minutes and 1.6 GB of modules on 2 cores), then reused. A copy kept in a cache folder outside the
// clone (EDGECRON_CACHE_DIR, default ~/.cache/edgecron) saves the build in other clones.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { GO_MIN_VERSION, TEMPORAL_SERVER_VERSION } from './settings';

export interface ServerBuild {
  /** `temporal-server` */
  server: string;
  /** `temporal-sql-tool` */
  sql: string;
}

const TOOLS = resolve(import.meta.dirname, '..', '..', '..', '.tools');
const PACKAGES = ['go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql'];
const binDir = (root: string) => join(root, 'temporal-server', `v${TEMPORAL_SERVER_VERSION}`, 'bin');
const binaries = (dir: string): ServerBuild => ({ server: join(dir, 'server'), sql: join(dir, 'sql') });
const complete = (b: ServerBuild) => existsSync(b.server) && existsSync(b.sql);

/** `1.26.8` → [1, 26, 8] */
const parts = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10) || 0);
export function versionAtLeast(have: string, need: string): boolean {
  const [a, b] = [parts(have), parts(need)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

const HOW_TO_GET_GO = `The Temporal cluster is built from source once (go install go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}) and needs Go ≥ ${GO_MIN_VERSION}: install it (https://go.dev/dl/, or your package manager) and put \`go\` on PATH, or set GO to its path.`;

/** The Go toolchain's version, or a message saying what is wrong with it. */
export function checkGo(goBin: string): { version: string } | { problem: string } {
  const res = spawnSync(goBin, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  if (res.error || res.status !== 0) return { problem: `Go was not found (${goBin}). ${HOW_TO_GET_GO}` };
  const version = res.stdout.trim().replace(/^go/, '');
  if (!versionAtLeast(version, GO_MIN_VERSION)) return { problem: `Go ${version} is too old. ${HOW_TO_GET_GO}` };
  return { version };
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.EDGECRON_CACHE_DIR !== undefined) return env.EDGECRON_CACHE_DIR || undefined; // empty: no cache
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'edgecron');
}

async function copyBuild(from: ServerBuild, toDir: string): Promise<void> {
  const partial = `${toDir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  const to = binaries(partial);
  await copyFile(from.server, to.server);
  await copyFile(from.sql, to.sql);
  await rm(toDir, { recursive: true, force: true });
  await rename(partial, toDir);
}

function goInstall(goBin: string, gobin: string, tools: string, log: (line: string) => void): Promise<void> {
  const goRoot = join(tools, 'go');
  const env = {
    ...process.env,
    GOPATH: goRoot,
    GOMODCACHE: join(goRoot, 'pkg', 'mod'),
    GOCACHE: join(goRoot, 'cache'),
    GOBIN: gobin,
    // Writable module files, so `rm -rf .tools` works; the exact toolchain checked above.
    GOFLAGS: '-modcacherw -buildvcs=false',
    GOTOOLCHAIN: 'local',
  };
  const args = ['install', ...PACKAGES.map((p) => `${p}@v${TEMPORAL_SERVER_VERSION}`)];
  log(`building Temporal server v${TEMPORAL_SERVER_VERSION}: go ${args.join(' ')} (once; about 4 min and 1.6 GB of modules into .tools/go)`);
  return new Promise((done, fail) => {
    const child = spawn(goBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let downloads = 0;
    const tail: string[] = [];
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (line.startsWith('go: downloading') && ++downloads % 100 === 0) log(`  ${downloads} modules downloaded…`);
        else if (!line.startsWith('go: downloading')) log(`  ${line}`);
      }
    };
    child.stdout.on('data', onLine);
    child.stderr.on('data', onLine);
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`go install failed (${code}):\n${tail.join('\n')}`))));
  });
}

/** The pinned server and SQL tool: from `.tools`, else from the cache, else built now. */
export async function ensureServerBuild(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env, tools = TOOLS): Promise<ServerBuild> {
  const local = binDir(tools);
  if (complete(binaries(local))) return binaries(local);
  const cache = cacheDir(env);
  if (cache && complete(binaries(binDir(cache)))) {
    log(`Temporal server v${TEMPORAL_SERVER_VERSION}: copied from ${binDir(cache)}`);
    await copyBuild(binaries(binDir(cache)), local);
    return binaries(local);
  }
  const goBin = env.GO || 'go';
  const go = checkGo(goBin);
  if ('problem' in go) throw new Error(go.problem);
  const started = Date.now();
  const partial = `${local}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  await goInstall(goBin, partial, tools, log);
  await rm(local, { recursive: true, force: true });
  await rename(partial, local);
  log(`Temporal server v${TEMPORAL_SERVER_VERSION} built with Go ${go.version} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (cache) {
    await copyBuild(binaries(local), binDir(cache)).then(
      () => log(`  kept a copy in ${binDir(cache)} (EDGECRON_CACHE_DIR= turns that off)`),
      (err: Error) => log(`  could not keep a copy in ${cache}: ${err.message}`),
    );
  }
  return binaries(local);
}

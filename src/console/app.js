// The console shell: asks for the API key once per tab, then routes #/… hashes to pages without reloads.
import { apiKey, call, onUnauthorized } from './api.js';
import { fill, problemBox } from './dom.js';
import { renderAuditLog } from './pages/audit-log.js';
import { renderDeadLetters } from './pages/dead-letters.js';
import { renderEndpoint } from './pages/endpoint.js';
import { renderEndpoints } from './pages/endpoints.js';
import { renderEvent } from './pages/event.js';
import { renderOverview } from './pages/overview.js';
import { renderSchedules } from './pages/schedules.js';
import { renderSource, renderSources } from './pages/sources.js';
import { renderTaskRun } from './pages/task-run.js';
import { setUpTenantFilter } from './tenant-filter.js';

const routes = [
  [/^#\/overview$/, renderOverview, 'Overview'],
  [/^#\/dead-letters$/, renderDeadLetters, 'Dead letters'],
  [/^#\/endpoints$/, renderEndpoints, 'Endpoints'],
  [/^#\/endpoints\/([\w-]+)$/, renderEndpoint, 'Endpoint'],
  [/^#\/schedules$/, renderSchedules, 'Schedules'],
  [/^#\/task-runs\/([\w-]+)$/, renderTaskRun, 'Task run'],
  [/^#\/events\/([\w-]+)$/, renderEvent, 'Event'],
  [/^#\/sources$/, renderSources, 'Sources'],
  [/^#\/sources\/([\w-]+)$/, renderSource, 'Source'],
  [/^#\/audit$/, renderAuditLog, 'Audit log'],
];

const $ = (id) => document.getElementById(id);
let stopPage = null;
let tenantFilterReady = null;

function showKeyGate(error) {
  $('key-gate').hidden = false;
  $('nav').hidden = true;
  $('forget-key').hidden = true;
  fill($('main'));
  fill($('key-error'), error ? problemBox(error) : null);
  $('api-key').focus();
}

function markCurrentNav(hash) {
  for (const a of $('nav').querySelectorAll('a')) {
    const current = hash === a.getAttribute('href') || hash.startsWith(a.getAttribute('href') + '/');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function route() {
  if (!apiKey.get()) return showKeyGate();
  $('key-gate').hidden = true;
  $('nav').hidden = false;
  $('forget-key').hidden = false;
  if (!tenantFilterReady) tenantFilterReady = setUpTenantFilter($('tenant-filter'), route);
  await tenantFilterReady;
  const hash = location.hash || '#/overview';
  if (!location.hash) history.replaceState(null, '', '#/overview');
  markCurrentNav(hash);
  if (stopPage) stopPage();
  stopPage = null;
  const main = $('main');
  const found = routes.find(([pattern]) => pattern.test(hash));
  if (!found) return fill(main, problemBox({ title: 'Not found', detail: `The console has no page ${hash}.` }));
  const [pattern, render, title] = found;
  document.title = `${title} · EdgeCron console`;
  fill(main);
  try {
    stopPage = (await render(main, hash.match(pattern).slice(1))) ?? null;
  } catch (err) {
    fill(main, problemBox(err));
  }
  main.focus({ preventScroll: true });
}

async function useKey(event) {
  event.preventDefault();
  const key = $('api-key').value.trim();
  const button = event.submitter ?? $('key-form').querySelector('button');
  button.disabled = true;
  fill($('key-error'));
  try {
    // A cheap authenticated read: a wrong key answers 401 here, before anything is stored.
    await call('GET', '/v1/endpoints?limit=1', undefined, key);
    apiKey.set(key);
    $('api-key').value = '';
    await route();
  } catch (err) {
    fill($('key-error'), problemBox(err));
    $('api-key').select();
  } finally {
    button.disabled = false;
  }
}

onUnauthorized((err) => {
  apiKey.clear();
  tenantFilterReady = null;
  showKeyGate(err);
});

$('key-form').addEventListener('submit', useKey);
$('forget-key').addEventListener('click', () => {
  apiKey.clear();
  showKeyGate();
});
window.addEventListener('hashchange', route);
route();

// The consumer portal: one page where a tenant's user manages its endpoints (create, edit, pause,
// delete, event types, secret), sees deliveries and their attempts, replays failures and sends a test
// event. It sees only its tenant: the session's token is a tenant key, and the API does the rest.
import { confirmDialog } from '/console/confirm.js';
import { busy, el, fill, notice, problemBox, statusBadge, table } from '/console/dom.js';
import { renderAttempts, renderDeadLetters, renderRuns } from './deliveries.js';
import { renderEndpointForm } from './endpoint-form.js';
import { call, hasToken, onUnauthorized, readOnly } from './session.js';

const $ = (id) => document.getElementById(id);
const messages = $('messages');

function sessionEnded(text) {
  $('portal').hidden = true;
  fill($('session-problem'), el('div', { class: 'problem' }, el('strong', {}, 'Session unavailable'), ' ', text));
}

onUnauthorized(() => sessionEnded('This portal session has expired or was revoked. Open the portal again from the app that sent you here.'));

async function showAttempts(runId) {
  await renderAttempts($('attempts'), runId, () => renderRuns($('runs'), showAttempts));
}

async function sendTest(endpoint, button) {
  const payload = { type: 'edgecron.test', message: 'Test event from the webhook portal', sentAt: new Date().toISOString() };
  const run = await busy(button, messages, () => call('POST', '/v1/task-runs', { endpointId: endpoint.id, payload }));
  if (!run) return;
  fill(messages, notice(`Test event sent to ${endpoint.url} as ${run.id}.`));
  await renderRuns($('runs'), showAttempts);
  await showAttempts(run.id);
}

async function showSecret(endpoint, rotate, button) {
  if (rotate && !(await confirmDialog({ title: 'Rotate signing secret?', message: 'A new secret signs from now on; the old one keeps signing for 24 hours.', confirmLabel: 'Rotate secret' }))) return;
  const result = await busy(button, messages, () => call(rotate ? 'POST' : 'GET', `/v1/endpoints/${endpoint.id}/secret${rotate ? '/rotate' : ''}`, rotate ? {} : undefined));
  if (result) fill(messages, el('div', { class: 'secret', role: 'status' }, el('strong', {}, `Signing secret of ${endpoint.id}: `), el('code', { id: 'endpoint-secret' }, result.secret)));
}

async function remove(endpoint, button) {
  if (!(await confirmDialog({ title: 'Delete endpoint?', message: `${endpoint.url} stops receiving webhooks.`, confirmLabel: 'Delete endpoint', danger: true }))) return;
  if (await busy(button, messages, () => call('DELETE', `/v1/endpoints/${endpoint.id}`))) {
    fill(messages, notice(`Endpoint ${endpoint.id} deleted.`));
    await loadEndpoints();
  }
}

async function togglePause(endpoint, button) {
  const action = endpoint.status === 'active' ? 'pause' : 'resume';
  const updated = await busy(button, messages, () => call('POST', `/v1/endpoints/${endpoint.id}/${action}`));
  if (updated) {
    fill(messages, notice(`Endpoint ${updated.id} is now ${updated.status}.`));
    await loadEndpoints();
  }
}

function endpointRow(e) {
  const button = (label, onclick) => {
    const b = el('button', { type: 'button' }, label);
    b.addEventListener('click', () => onclick(b));
    return b;
  };
  const actions = readOnly() ? [] : [
    button('Edit', () => renderEndpointForm($('endpoint-editor'), e, afterSave)),
    button(e.status === 'active' ? 'Pause' : 'Resume', (b) => togglePause(e, b)),
    e.status === 'active' ? button('Send test event', (b) => sendTest(e, b)) : null,
    button('Reveal secret', (b) => showSecret(e, false, b)),
    button('Rotate secret', (b) => showSecret(e, true, b)),
    el('button', { type: 'button', class: 'danger', onclick: (ev) => remove(e, ev.currentTarget) }, 'Delete'),
  ];
  return el('tr', { 'data-endpoint': e.id },
    el('td', { class: 'mono' }, e.id), el('td', { class: 'mono endpoint-url' }, e.url),
    el('td', {}, e.description ?? ''), el('td', {}, e.eventTypes.length ? e.eventTypes.join(', ') : el('span', { class: 'muted' }, 'none')),
    el('td', {}, statusBadge(e.status)), el('td', {}, el('div', { class: 'actions' }, actions)));
}

async function afterSave(endpoint, created) {
  fill($('endpoint-editor'));
  fill(messages, created
    ? el('div', { class: 'secret', role: 'status' }, el('strong', {}, `Endpoint ${endpoint.id} created. Its signing secret (copy it now): `), el('code', { id: 'new-secret' }, endpoint.secret))
    : notice(`Endpoint ${endpoint.id} saved.`));
  await loadEndpoints();
}

async function loadEndpoints() {
  try {
    const page = await call('GET', '/v1/endpoints?limit=100');
    const add = el('button', { type: 'button', class: 'primary', id: 'add-endpoint' }, 'Add endpoint');
    add.addEventListener('click', () => renderEndpointForm($('endpoint-editor'), null, afterSave));
    fill($('endpoints'),
      readOnly() ? null : el('div', { class: 'toolbar' }, add),
      table('Endpoints', ['Id', 'URL', 'Description', 'Event types', 'Status', ''], page.data.map(endpointRow)));
  } catch (err) {
    fill($('endpoints'), problemBox(err));
  }
}

async function loadDeadLetters() {
  await renderDeadLetters($('dead-letters'), messages, async (runId) => {
    await Promise.all([loadDeadLetters(), renderRuns($('runs'), showAttempts)]);
    await showAttempts(runId);
  });
}

async function start() {
  if (!hasToken()) return sessionEnded('This page needs a portal link. Open the portal again from the app that sent you here.');
  $('portal').hidden = false;
  $('session-info').textContent = readOnly() ? 'Read-only session' : '';
  await loadEndpoints();
  await Promise.all([
    renderRuns($('runs'), showAttempts),
    loadDeadLetters(),
  ]);
}

start();

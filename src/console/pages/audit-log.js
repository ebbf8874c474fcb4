// Audit log: who changed what and when (GET /v1/audit-events, full-scope keys), newest first, filtered
// by key, resource, action and time window. Field names only: the API never records values.
import { call, withQuery } from '../api.js';
import { el, fill, formatTime, link, table } from '../dom.js';
import { pagedList } from '../paged.js';

const ACTIONS = [
  'endpoint.create', 'endpoint.update', 'endpoint.delete', 'endpoint.pause', 'endpoint.resume', 'endpoint.secret.reveal',
  'endpoint.secret.rotate', 'endpoint.credentials.reveal', 'retry_policy.create', 'retry_policy.update', 'retry_policy.delete',
  'schedule.create', 'schedule.update', 'schedule.delete', 'schedule.pause', 'schedule.resume', 'schedule.trigger',
  'dead_letter.replay', 'dead_letter.discard', 'dead_letter.bulk_replay', 'task_run.cancel', 'api_key.create', 'api_key.rotate',
  'api_key.revoke',
];
const WINDOWS = [['', 'Any time'], ['3600000', 'Last hour'], ['86400000', 'Last 24 hours'], ['604800000', 'Last 7 days']];

function field(id, labelText, control) {
  control.id = id;
  return el('div', {}, el('label', { for: id }, labelText), control);
}

const options = (pairs) => pairs.map(([value, text]) => el('option', { value }, text));

/** Resources the console has a page for link there. */
function resourceCell(e) {
  const id = el('span', { class: 'mono' }, e.resourceId);
  if (e.resourceType === 'endpoint' && !e.action.endsWith('.delete')) return link(`#/endpoints/${e.resourceId}`, e.resourceId);
  if (e.resourceType === 'task_run') return link(`#/task-runs/${e.resourceId}`, e.resourceId);
  return id;
}

export async function renderAuditLog(main) {
  const keyInput = el('input', { name: 'actorKeyId', placeholder: 'key_… or bootstrap', size: 30 });
  const resourceInput = el('input', { name: 'resourceId', placeholder: 'ep_…, sch_…, dl_…', size: 30 });
  const actionSelect = el('select', { name: 'action' }, options([['', 'Any action'], ...ACTIONS.map((a) => [a, a])]));
  const windowSelect = el('select', { name: 'window' }, options(WINDOWS));
  const refresh = el('button', { type: 'button' }, 'Refresh');
  let filter = {};

  function readFilter() {
    const windowMs = Number(windowSelect.value);
    return {
      actorKeyId: keyInput.value.trim(),
      resourceId: resourceInput.value.trim(),
      action: actionSelect.value,
      from: windowMs ? new Date(Date.now() - windowMs).toISOString() : '',
    };
  }

  const row = (e) => el('tr', { 'data-audit-event': e.id },
    el('td', {}, formatTime(e.createdAt)),
    el('td', {}, e.actor.name, el('div', { class: 'muted mono' }, e.actor.keyId)),
    el('td', {}, el('code', {}, e.action)),
    el('td', {}, resourceCell(e), el('div', { class: 'muted' }, e.resourceType)),
    el('td', { class: 'mono' }, e.changedFields.length ? e.changedFields.join(', ') : '—'),
    el('td', { class: 'mono' }, e.traceId ?? '—'));

  const list = pagedList({
    label: 'Audit events',
    load: (cursor) => call('GET', withQuery('/v1/audit-events', { ...filter, limit: 20, cursor })),
    renderPage: (data) => table('Audit events, newest first', ['When', 'Actor (API key)', 'Action', 'Resource', 'Fields changed', 'Trace id'], data.map(row)),
  });

  const form = el('form', { class: 'filters', 'aria-label': 'Audit log filters' },
    field('audit-key', 'API key id', keyInput),
    field('audit-resource', 'Resource id', resourceInput),
    field('audit-action', 'Action', actionSelect),
    field('audit-window', 'Time window', windowSelect),
    el('button', { type: 'submit', class: 'primary' }, 'Apply filters'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filter = readFilter();
    list.reset();
  });
  refresh.addEventListener('click', () => list.reload());

  fill(main, el('h1', {}, 'Audit log'),
    el('p', { class: 'muted' }, 'Every change made through the API, with the key that made it. Values are never recorded, only the names of the fields sent. Needs a full-scope key.'),
    form, el('div', { class: 'toolbar' }, refresh), list.node);
  await list.reload();
}

// Endpoints: the list (filter by state), each with pause/resume and a link to its detail.
import { call, withQuery } from '../api.js';
import { el, fill, formatTime, link, notice, statusBadge, table } from '../dom.js';
import { pagedList } from '../paged.js';
import { pauseResumeButton } from './endpoint-controls.js';

export async function renderEndpoints(main) {
  const messages = el('div', {});
  const statusSelect = el('select', { id: 'ep-status' },
    el('option', { value: '' }, 'Any state'), ['active', 'paused', 'disabled'].map((s) => el('option', { value: s }, s)));
  const refresh = el('button', { type: 'button' }, 'Refresh');

  const list = pagedList({
    label: 'Endpoints',
    load: (cursor) => call('GET', withQuery('/v1/endpoints', { status: statusSelect.value, limit: 20, cursor })),
    renderPage: (data) => table('Endpoints, newest first', ['Endpoint', 'URL', 'State', 'Description', 'Created', 'Actions'],
      data.map((e) => el('tr', { 'data-endpoint': e.id },
        el('td', {}, link(`#/endpoints/${e.id}`, e.id)),
        el('td', { class: 'mono' }, `${e.method} ${e.url}`),
        el('td', {}, statusBadge(e.status), e.statusReason ? el('div', { class: 'muted' }, e.statusReason) : null),
        el('td', {}, e.description ?? ''),
        el('td', {}, formatTime(e.createdAt)),
        el('td', {}, pauseResumeButton(e, messages, async (updated) => {
          fill(messages, notice(`Endpoint ${updated.id} is now ${updated.status}.`));
          await list.reload();
        }))))),
  });
  statusSelect.addEventListener('change', () => list.reset());
  refresh.addEventListener('click', () => list.reload());
  fill(main, el('h1', {}, 'Endpoints'),
    el('div', { class: 'toolbar' }, el('div', {}, el('label', { for: 'ep-status' }, 'State'), statusSelect), refresh),
    messages, list.node);
  await list.reload();
}

// One event: its type and payload, its fanout in the Temporal Web UI, and the task runs it made.
import { call } from '../api.js';
import { el, external, fill, formatTime, link, statusBadge, table } from '../dom.js';
import { pagedList } from '../paged.js';

export async function renderEvent(main, [id]) {
  const event = await call('GET', `/v1/events/${id}`);
  const runs = pagedList({
    label: 'Task runs of this event',
    load: (cursor) => call('GET', `/v1/events/${id}/task-runs?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    renderPage: (data) => table('Task runs of this event', ['Task run', 'Endpoint', 'Status', 'Attempts', 'Created'],
      data.map((r) => el('tr', {},
        el('td', {}, link(`#/task-runs/${r.id}`, r.id)),
        el('td', {}, link(`#/endpoints/${r.endpointId}`, r.endpointId)),
        el('td', {}, statusBadge(r.status)),
        el('td', {}, String(r.attemptCount)),
        el('td', {}, formatTime(r.createdAt))))),
  });
  fill(main, el('h1', {}, 'Event ', el('span', { class: 'mono' }, id)),
    el('dl', { class: 'card facts' },
      el('dt', {}, 'Type'), el('dd', {}, el('code', {}, event.type)),
      el('dt', {}, 'Published'), el('dd', {}, formatTime(event.createdAt)),
      el('dt', {}, 'Matched endpoints'), el('dd', {}, event.matchedEndpointCount === null ? 'matching…' : String(event.matchedEndpointCount)),
      el('dt', {}, 'Fanout'), el('dd', {}, external(event.temporalUrl, event.fanoutWorkflowId))),
    el('h2', {}, 'Task runs'), runs.node,
    el('h2', {}, 'Payload'), el('pre', { tabindex: '0', 'aria-label': 'Event payload (JSON)' }, JSON.stringify(event.payload, null, 2)));
  await runs.reload();
}

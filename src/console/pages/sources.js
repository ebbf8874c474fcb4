// Sources: the inbound webhook sources (unverified ones flagged), each with its ingest URL, and one
// source's recent requests (outcome, why a request was refused, the event it became).
import { call, withQuery } from '../api.js';
import { el, fill, formatTime, link, statusBadge, table } from '../dom.js';
import { pagedList } from '../paged.js';

const verificationLabel = (s) => (s.verified ? s.verification.type : el('strong', { class: 'status status-disabled' }, 'unverified'));

export async function renderSources(main) {
  const list = pagedList({
    label: 'Sources',
    load: (cursor) => call('GET', withQuery('/v1/sources', { limit: 20, cursor })),
    renderPage: (data) => table('Sources, newest first', ['Source', 'Name', 'Verification', 'State', 'Ingest URL', 'Created'],
      data.map((s) => el('tr', { 'data-source': s.id },
        el('td', {}, link(`#/sources/${s.id}`, s.id)),
        el('td', {}, s.name),
        el('td', {}, verificationLabel(s)),
        el('td', {}, statusBadge(s.status)),
        el('td', { class: 'mono' }, s.ingestUrl),
        el('td', {}, formatTime(s.createdAt))))),
  });
  fill(main, el('h1', {}, 'Sources'), list.node);
  await list.reload();
}

export async function renderSource(main, [id]) {
  const source = await call('GET', `/v1/sources/${id}`);
  const requests = pagedList({
    label: 'Recent requests',
    load: (cursor) => call('GET', withQuery(`/v1/sources/${id}/requests`, { limit: 50, cursor })),
    renderPage: (data) => table('Requests, newest first', ['Time', 'Outcome', 'Reason', 'Event', 'Bytes'],
      data.map((r) => el('tr', {},
        el('td', {}, formatTime(r.createdAt)),
        el('td', {}, statusBadge(r.outcome)),
        el('td', {}, r.reason ?? ''),
        el('td', {}, r.eventId ? link(`#/events/${r.eventId}`, r.eventId) : ''),
        el('td', {}, String(r.bodyBytes))))),
  });
  fill(main, el('h1', {}, 'Source ', el('span', { class: 'mono' }, id)),
    el('dl', { class: 'card facts' },
      el('dt', {}, 'Name'), el('dd', {}, source.name),
      el('dt', {}, 'Verification'), el('dd', {}, verificationLabel(source)),
      el('dt', {}, 'State'), el('dd', {}, statusBadge(source.status)),
      el('dt', {}, 'Ingest URL'), el('dd', { class: 'mono' }, source.ingestUrl),
      el('dt', {}, 'Event type prefix'), el('dd', {}, source.eventTypePrefix ?? '')),
    el('h2', {}, 'Recent requests'), requests.node);
  await requests.reload();
}

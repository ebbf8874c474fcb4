// Overview: task runs per status (last hour, last day), the dispatch backlog, deliveries per minute,
// endpoints failing most.
import { call } from '../api.js';
import { el, fill, formatTime, link, percent, problemBox, statusBadge, table } from '../dom.js';

const STATUSES = ['pending', 'running', 'retry_scheduled', 'success', 'dead_letter', 'cancelled', 'failed'];
const REFRESH_MS = 15_000;

function statusCard(title, counts) {
  const total = STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return el('section', { class: 'card', 'aria-label': title },
    el('h2', {}, title),
    el('dl', {}, STATUSES.map((s) => [el('dt', {}, s.replace('_', ' ')), el('dd', { 'data-status': s }, String(counts[s] ?? 0))]),
      el('dt', {}, el('strong', {}, 'total')), el('dd', {}, el('strong', {}, String(total)))));
}

/** Stacked bars, one per minute: failed (red) on top of succeeded (green). */
function deliveriesChart(minutes) {
  const width = 600;
  const height = 120;
  const max = Math.max(1, ...minutes.map((m) => m.success + m.failed));
  const barWidth = width / minutes.length;
  const ok = minutes.reduce((n, m) => n + m.success, 0);
  const bad = minutes.reduce((n, m) => n + m.failed, 0);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Delivery attempts per minute over the last hour: ${ok} succeeded, ${bad} failed, at most ${max} in one minute.`);
  minutes.forEach((m, i) => {
    let y = height;
    for (const [count, color] of [[m.success, '#1a7f37'], [m.failed, '#b42318']]) {
      if (!count) continue;
      const h = (count / max) * (height - 4);
      y -= h;
      const rect = document.createElementNS(ns, 'rect');
      Object.entries({ x: i * barWidth + 1, y, width: Math.max(1, barWidth - 2), height: h, fill: color }).forEach(([k, v]) => rect.setAttribute(k, String(v)));
      const tip = document.createElementNS(ns, 'title');
      tip.textContent = `${formatTime(m.minute)}: ${m.success} succeeded, ${m.failed} failed`;
      rect.append(tip);
      svg.append(rect);
    }
  });
  return el('figure', { style: 'margin:0' }, svg,
    el('div', { class: 'chart-axis', 'aria-hidden': 'true' }, el('span', {}, '60 min ago'), el('span', {}, 'now')),
    el('figcaption', { class: 'muted' }, `Last 60 minutes: ${ok} succeeded, ${bad} failed (green succeeded, red failed).`));
}

/** Accepted runs, events and replays not yet started in Temporal: grows only while Temporal is away. */
function dispatchCard(dispatch) {
  return el('section', { class: 'card', 'aria-label': 'Waiting for the workflow engine' },
    el('h2', {}, 'Waiting for the workflow engine'),
    el('dl', {},
      el('dt', {}, 'backlog'), el('dd', { 'data-dispatch': 'backlog' }, String(dispatch.backlog)),
      el('dt', {}, 'oldest'), el('dd', { 'data-dispatch': 'oldest' }, `${Math.round(dispatch.oldestSeconds)} s`)));
}

function failingTable(rows) {
  return table('Endpoints with the highest failure rate, last 24 hours', ['Endpoint', 'URL', 'State', 'Failure rate', 'Failed / attempts'],
    rows.map((r) => el('tr', {},
      el('td', {}, link(`#/endpoints/${r.endpointId}`, r.endpointId)),
      el('td', { class: 'mono' }, r.url),
      el('td', {}, statusBadge(r.status)),
      el('td', {}, percent(r.failureRate)),
      el('td', {}, `${r.failures} / ${r.attempts}`))));
}

export async function renderOverview(main) {
  const body = el('div', {});
  const updated = el('span', { class: 'muted' });
  const refresh = el('button', { type: 'button' }, 'Refresh');
  async function load() {
    try {
      const stats = await call('GET', '/v1/stats/overview');
      fill(body,
        el('div', { class: 'cards' }, statusCard('Task runs, last hour', stats.taskRuns.lastHour), statusCard('Task runs, last 24 hours', stats.taskRuns.lastDay),
          dispatchCard(stats.dispatch)),
        el('h2', {}, 'Deliveries per minute'), deliveriesChart(stats.deliveriesPerMinute),
        el('h2', {}, 'Endpoints failing most (last 24 hours)'), failingTable(stats.failingEndpoints));
      updated.textContent = `Updated ${formatTime(stats.generatedAt)}`;
    } catch (err) {
      fill(body, problemBox(err));
    }
  }
  refresh.addEventListener('click', load);
  fill(main, el('h1', {}, 'Overview'), el('div', { class: 'toolbar' }, refresh, updated), body);
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}

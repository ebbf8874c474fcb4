// One endpoint: its settings (header secrets masked), success rate and latency over 24 hours, recent
// task runs with their last attempt, its transformation (tested on a recent run's payload),
// pause/resume, and secret rotation (the new secret shown once).
import { call } from '../api.js';
import { confirmDialog } from '../confirm.js';
import { busy, el, fill, formatTime, link, maskHeaderValue, notice, percent, problemBox, statusBadge, table } from '../dom.js';
import { pauseResumeButton } from './endpoint-controls.js';
import { transformationSection } from './endpoint-transformation.js';

const WINDOW_MINUTES = 24 * 60;

async function recentRuns(endpointId) {
  const runs = await call('GET', `/v1/task-runs?endpointId=${encodeURIComponent(endpointId)}&limit=10`);
  const attempts = await Promise.all(runs.data.map((r) => call('GET', `/v1/task-runs/${r.id}/attempts`)));
  return runs.data.map((run, i) => ({ run, last: attempts[i].data[attempts[i].data.length - 1] }));
}

function statsCard(stats) {
  return el('section', { class: 'card', 'aria-label': 'Health, last 24 hours' },
    el('h2', {}, 'Last 24 hours'),
    el('dl', {},
      el('dt', {}, 'Success rate'), el('dd', { id: 'success-rate' }, percent(stats.successRate)),
      el('dt', {}, 'Attempts'), el('dd', {}, `${stats.successes} ok / ${stats.attempts}`),
      el('dt', {}, 'Latency p50 / p95'), el('dd', {}, stats.latencyMs.p50 === null ? '—' : `${stats.latencyMs.p50} / ${stats.latencyMs.p95} ms`),
      el('dt', {}, 'Last failure'), el('dd', {}, stats.lastFailure ? link(`#/task-runs/${stats.lastFailure.taskRunId}`, formatTime(stats.lastFailure.at)) : '—')));
}

export async function renderEndpoint(main, [id]) {
  const messages = el('div', {});
  const body = el('div', {});
  const secretSlot = el('div', { 'aria-live': 'polite' });

  async function rotate(button) {
    const ok = await confirmDialog({
      title: 'Rotate signing secret?',
      message: 'A new secret signs deliveries from now on; the old one keeps signing alongside it for a grace period (24 hours) so receivers can switch over.',
      confirmLabel: 'Rotate secret',
    });
    if (!ok) return;
    const result = await busy(button, messages, () => call('POST', `/v1/endpoints/${id}/secret/rotate`, {}));
    if (!result) return;
    fill(secretSlot, el('div', { class: 'secret', role: 'status' },
      el('strong', {}, 'New signing secret (shown once, copy it now): '), el('code', { id: 'new-secret' }, result.secret),
      result.previousSecretExpiresAt ? el('div', { class: 'muted' }, `The previous secret also signs until ${formatTime(result.previousSecretExpiresAt)}.`) : null));
  }

  async function load() {
    fill(secretSlot); // a rotated secret is shown once, until the page changes
    try {
      const [endpoint, stats, runs] = await Promise.all([
        call('GET', `/v1/endpoints/${id}`),
        call('GET', `/v1/endpoints/${id}/stats?windowMinutes=${WINDOW_MINUTES}`),
        recentRuns(id),
      ]);
      const rotateButton = el('button', { type: 'button' }, 'Rotate secret…');
      rotateButton.addEventListener('click', () => rotate(rotateButton));
      const headers = Object.entries(endpoint.headers ?? {});
      fill(body,
        el('p', {}, 'State: ', el('span', { id: 'endpoint-status', 'data-status': endpoint.status }, statusBadge(endpoint.status)),
          endpoint.statusReason ? el('span', { class: 'muted' }, ` — ${endpoint.statusReason}`) : null),
        el('div', { class: 'toolbar' }, pauseResumeButton(endpoint, messages, async (updated) => {
          fill(messages, notice(`Endpoint ${updated.id} is now ${updated.status}.`));
          await load();
        }), rotateButton),
        secretSlot,
        el('div', { class: 'cards' },
          el('section', { class: 'card', 'aria-label': 'Settings' }, el('h2', {}, 'Settings'),
            el('dl', {},
              el('dt', {}, 'URL'), el('dd', { class: 'mono' }, `${endpoint.method} ${endpoint.url}`),
              el('dt', {}, 'Timeout'), el('dd', {}, `${endpoint.timeoutMs} ms`),
              el('dt', {}, 'Event types'), el('dd', {}, endpoint.eventTypes?.length ? endpoint.eventTypes.join(', ') : '—'),
              el('dt', {}, 'Retry policy'), el('dd', {}, endpoint.retryPolicyId ?? 'default'),
              el('dt', {}, 'Description'), el('dd', {}, endpoint.description ?? '—'))),
          flowCard(endpoint),
          statsCard(stats)),
        el('h2', {}, 'Custom headers'),
        el('p', { class: 'muted' }, 'Values are encrypted at rest and never shown here; a full-scope key reveals them with GET /v1/endpoints/:id/credentials.'),
        table('Custom headers (values hidden)', ['Header', 'Value'],
          headers.map(([name, value]) => el('tr', {}, el('td', { class: 'mono' }, name), el('td', { class: 'mono' }, maskHeaderValue(name, value))))),
        transformationSection(endpoint, runs),
        el('h2', {}, 'Recent task runs and their last attempt'),
        table('Recent task runs', ['Task run', 'Status', 'Attempts', 'Last attempt', 'Created'],
          runs.map(({ run, last }) => el('tr', {},
            el('td', {}, link(`#/task-runs/${run.id}`, run.id)),
            el('td', {}, statusBadge(run.status)),
            el('td', {}, String(run.attemptCount)),
            el('td', {}, last ? `${last.status} · ${last.statusCode === null ? (last.errorKind ?? 'no response') : `HTTP ${last.statusCode}`} · ${last.latencyMs} ms` : '—'),
            el('td', {}, formatTime(run.createdAt))))));
    } catch (err) {
      fill(body, problemBox(err));
    }
  }

  const refresh = el('button', { type: 'button' }, 'Refresh');
  refresh.addEventListener('click', load);
  fill(main, el('h1', {}, 'Endpoint ', el('span', { class: 'mono' }, id)), el('div', { class: 'toolbar' }, link('#/endpoints', '← All endpoints'), refresh), messages, body);
  await load();
}

/** Flow limits and the circuit breaker: what bounds calls to this endpoint, and whether it is open. */
function flowCard(endpoint) {
  const circuit = endpoint.circuit ?? { state: 'closed' };
  const breaker = endpoint.circuitBreaker;
  return el('section', { class: 'card', 'aria-label': 'Flow control' }, el('h2', {}, 'Flow control'),
    el('dl', {},
      el('dt', {}, 'Max concurrency'), el('dd', { id: 'flow-max-concurrency' }, endpoint.maxConcurrency == null ? 'fair share of each worker' : `${endpoint.maxConcurrency} calls at once`),
      el('dt', {}, 'Rate limit'), el('dd', { id: 'flow-rate-limit' }, endpoint.rateLimitPerSecond == null ? 'none' : `${endpoint.rateLimitPerSecond} calls/s`),
      el('dt', {}, 'Flow control key'), el('dd', { class: 'mono' }, endpoint.flowControlKey ?? '—'),
      el('dt', {}, 'Circuit breaker'), el('dd', {}, breaker ? `opens after ${breaker.consecutiveFailures} failed calls in a row; probes every ${breaker.probeIntervalMs / 1000} s` : 'off'),
      el('dt', {}, 'Circuit'), el('dd', { id: 'circuit-state', 'data-state': circuit.state },
        circuit.state.replace('_', ' '),
        circuit.openedAt ? el('span', { class: 'muted' }, ` — since ${formatTime(circuit.openedAt)}${circuit.nextProbeAt ? `, next probe ${formatTime(circuit.nextProbeAt)}` : ''}`) : null),
      circuit.lastFailure ? el('dt', {}, 'Last failure') : null,
      circuit.lastFailure ? el('dd', {}, circuit.lastFailure) : null));
}

// One task run: status, links (event, endpoint, Temporal), the request as sent with secrets masked,
// the payload, every attempt as a timeline, and replay when it is dead-lettered. Polls while it is live.
import { ApiError, call } from '../api.js';
import { busy, el, external, fill, formatTime, link, maskHeaderValue, problemBox, statusBadge, table } from '../dom.js';

const LIVE = new Set(['pending', 'running', 'retry_scheduled']);
const POLL_MS = 1_000;

/**
 * The headers as EdgeCron sends them (activities/delivery/build-request.ts), for the latest attempt when there
 * is one: the endpoint's own headers (values hidden), then the ones EdgeCron sets.
 * Attempts do not store request headers; these are rebuilt from the run, the endpoint and the attempt.
 */
function requestHeaders(run, endpoint, last) {
  const custom = Object.entries(endpoint?.headers ?? {}).map(([name, value]) => [name, maskHeaderValue(name, value)]);
  const standard = [
    ['user-agent', 'EdgeCron-Webhooks/0.1'],
    ['content-type', 'application/json'],
    ['webhook-id', run.webhookId],
    ['webhook-timestamp', last ? `${Math.floor(Date.parse(last.startedAt) / 1000)} (attempt ${last.attemptNumber})` : 'set when an attempt starts'],
    ['webhook-signature', 'v1,•••••••• (masked: HMAC-SHA256 with the endpoint secret, new per attempt)'],
    ['traceparent', last ? `00-${last.traceId}-…-01` : 'new per attempt'],
  ];
  if (endpoint?.method === 'GET') standard.splice(1, 1);
  return table('Request headers', ['Header', 'Value'], [...custom, ...standard].map(([name, value]) => el('tr', {}, el('td', { class: 'mono' }, name), el('td', { class: 'mono' }, value))));
}

function responseSummary(a) {
  if (a.statusCode === null) return null;
  const type = a.responseHeaders?.['content-type'];
  const body = a.responseBody ? a.responseBody.slice(0, 300) + (a.responseBody.length > 300 ? '…' : '') : '(empty body)';
  return el('div', {}, el('span', { class: 'muted' }, `Response${type ? ` (${type})` : ''}: `), el('code', {}, body));
}

function attemptItem(a) {
  return el('li', { class: `attempt-${a.status}`, 'data-attempt': a.attemptNumber },
    el('div', {}, el('strong', {}, `Attempt ${a.attemptNumber}`), ' ', statusBadge(a.status), ' ',
      el('span', { 'data-field': 'status-code' }, a.statusCode === null ? 'no response' : `HTTP ${a.statusCode}`), ' · ',
      `${a.latencyMs} ms`, ' · ', formatTime(a.startedAt), a.trigger === 'manual' ? ' · manual' : ''),
    el('div', {}, el('span', { class: 'muted' }, 'Decision: '), el('code', {}, a.decision), ' — ', a.decisionReason),
    a.errorKind ? el('div', {}, el('span', { class: 'muted' }, 'Error: '), el('code', {}, a.errorKind), a.errorMessage ? ` — ${a.errorMessage}` : '') : null,
    responseSummary(a));
}

async function optional(promise) {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export async function renderTaskRun(main, [id]) {
  const messages = el('div', {});
  const body = el('div', {});
  const refresh = el('button', { type: 'button' }, 'Refresh');
  let timer = null;
  let stopped = false;

  async function replay(button, deadLetter) {
    const result = await busy(button, messages, () => call('POST', `/v1/dead-letters/${deadLetter.id}/replay`));
    if (result) location.hash = `#/task-runs/${result.taskRun.id}`;
  }

  async function load() {
    clearTimeout(timer);
    let run;
    try {
      run = await call('GET', `/v1/task-runs/${id}`);
      const [attempts, endpoint, deadLetters] = await Promise.all([
        call('GET', `/v1/task-runs/${id}/attempts`),
        optional(call('GET', `/v1/endpoints/${run.endpointId}`)),
        run.status === 'dead_letter' ? call('GET', `/v1/dead-letters?taskRunId=${encodeURIComponent(id)}&limit=1`) : { data: [] },
      ]);
      const deadLetter = deadLetters.data[0];
      const actions = [];
      if (deadLetter?.status === 'open') {
        const button = el('button', { type: 'button', class: 'primary' }, 'Replay');
        button.addEventListener('click', () => replay(button, deadLetter));
        actions.push(button);
      } else if (deadLetter?.replayTaskRunId) {
        actions.push(el('span', {}, 'Replayed as ', link(`#/task-runs/${deadLetter.replayTaskRunId}`, deadLetter.replayTaskRunId)));
      }
      fill(body,
        el('p', {}, 'Status: ', el('span', { id: 'run-status', 'data-status': run.status }, statusBadge(run.status)),
          run.statusReason ? el('span', { class: 'muted' }, ` — ${run.statusReason}`) : null,
          LIVE.has(run.status) && run.nextAttemptAt ? el('span', { class: 'muted' }, ` · next attempt ${formatTime(run.nextAttemptAt)}`) : null),
        el('div', { class: 'toolbar' }, actions),
        el('dl', { class: 'card facts' },
          el('dt', {}, 'Endpoint'), el('dd', {}, link(`#/endpoints/${run.endpointId}`, run.endpointId), endpoint ? el('div', { class: 'mono muted' }, `${endpoint.method} ${endpoint.url}`) : ' (deleted)'),
          el('dt', {}, 'Trigger'), el('dd', {}, run.trigger),
          el('dt', {}, 'Event'), el('dd', {}, run.eventId ? link(`#/events/${run.eventId}`, run.eventId) : '—'),
          el('dt', {}, 'Schedule'), el('dd', {}, run.scheduleId ?? '—'),
          el('dt', {}, 'Replay of'), el('dd', {}, run.replayOfId ? link(`#/task-runs/${run.replayOfId}`, run.replayOfId) : '—'),
          el('dt', {}, 'Webhook id'), el('dd', { class: 'mono' }, run.webhookId),
          el('dt', {}, 'Created'), el('dd', {}, formatTime(run.createdAt)),
          el('dt', {}, 'Finished'), el('dd', {}, formatTime(run.finishedAt)),
          el('dt', {}, 'Temporal'), el('dd', {}, run.temporalHistoryAvailable === false
            ? `${run.workflowId}: history removed by Temporal's retention (${formatTime(run.temporalHistoryExpiresAt)})`
            : external(run.temporalUrl, run.workflowId))),
        el('h2', {}, `Attempts (${attempts.data.length})`),
        attempts.data.length ? el('ol', { class: 'timeline', 'aria-label': 'Delivery attempts, oldest first' }, attempts.data.map(attemptItem)) : el('p', { class: 'muted' }, 'No attempt yet.'),
        el('h2', {}, 'Request headers'),
        el('p', { class: 'muted' }, "As EdgeCron sends them; the endpoint's own header values are encrypted at rest and never shown, the signature is masked."),
        requestHeaders(run, endpoint, attempts.data[attempts.data.length - 1]),
        el('h2', {}, 'Payload'),
        run.payloadPurgedAt
          ? el('p', { class: 'muted' }, `Removed by retention on ${formatTime(run.payloadPurgedAt)}.`)
          : el('pre', { tabindex: '0', 'aria-label': 'Payload (JSON)' }, JSON.stringify(run.payload, null, 2)));
    } catch (err) {
      fill(body, problemBox(err));
      return;
    }
    if (!stopped && LIVE.has(run.status)) timer = setTimeout(load, POLL_MS);
  }

  refresh.addEventListener('click', load);
  fill(main, el('h1', {}, 'Task run ', el('span', { class: 'mono' }, id)), el('div', { class: 'toolbar' }, refresh), messages, body);
  await load();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

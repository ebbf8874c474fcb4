// Task runs with their attempts, and dead letters with replay: what happened to the tenant's webhooks.
import { busy, el, fill, formatTime, notice, problemBox, statusBadge, table } from '/console/dom.js';
import { call, readOnly } from './session.js';

const FINAL = new Set(['success', 'dead_letter', 'cancelled', 'failed']);

export async function renderRuns(slot, onShowAttempts) {
  try {
    const runs = await call('GET', '/v1/task-runs?limit=10');
    fill(slot, table('Recent deliveries', ['Run', 'Endpoint', 'Status', 'Attempts', 'Created', ''], runs.data.map((r) =>
      el('tr', { 'data-run': r.id },
        el('td', { class: 'mono' }, r.id), el('td', { class: 'mono' }, r.endpointId), el('td', {}, statusBadge(r.status)),
        el('td', {}, String(r.attemptCount)), el('td', {}, formatTime(r.createdAt)),
        el('td', {}, el('button', { type: 'button', onclick: () => onShowAttempts(r.id) }, 'Attempts'))))));
  } catch (err) {
    fill(slot, problemBox(err));
  }
}

function attemptItem(a) {
  return el('li', { class: `attempt-${a.status}`, 'data-attempt': a.attemptNumber },
    el('strong', {}, `Attempt ${a.attemptNumber}`), ' — ', statusBadge(a.status), ' ',
    a.statusCode === null ? el('span', {}, a.errorKind ?? 'no response') : el('span', { class: 'status-code' }, `HTTP ${a.statusCode}`),
    el('span', { class: 'muted' }, ` in ${a.latencyMs} ms, ${formatTime(a.startedAt)} — ${a.decisionReason}`));
}

/** Shows a run's attempts, polling until the run has ended (a test event just sent is still going). */
export async function renderAttempts(slot, runId, onEnded) {
  for (let polls = 0; polls < 60; polls++) {
    let run;
    let attempts;
    try {
      [run, attempts] = await Promise.all([call('GET', `/v1/task-runs/${runId}`), call('GET', `/v1/task-runs/${runId}/attempts`)]);
    } catch (err) {
      fill(slot, problemBox(err));
      return;
    }
    fill(slot, el('div', { class: 'editor', id: 'run-attempts', 'data-run': runId, 'data-status': run.status },
      el('h2', {}, `Attempts of ${runId} `, statusBadge(run.status)),
      attempts.data.length ? el('ol', { class: 'timeline' }, attempts.data.map(attemptItem)) : el('p', { class: 'muted' }, 'No attempt yet.')));
    if (FINAL.has(run.status)) {
      onEnded?.();
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function renderDeadLetters(slot, messages, onReplayed) {
  try {
    const open = await call('GET', '/v1/dead-letters?status=open&limit=20');
    fill(slot, table('Failed deliveries', ['Dead letter', 'Endpoint', 'Reason', 'Attempts', 'Since', ''], open.data.map((d) => {
      const replay = el('button', { type: 'button' }, 'Replay');
      replay.addEventListener('click', async () => {
        const done = await busy(replay, messages, () => call('POST', `/v1/dead-letters/${d.id}/replay`));
        if (!done) return;
        fill(messages, notice(`Replayed ${d.id} as ${done.taskRun.id}.`));
        onReplayed(done.taskRun.id);
      });
      return el('tr', { 'data-dead-letter': d.id },
        el('td', { class: 'mono' }, d.id), el('td', { class: 'mono' }, d.endpointId), el('td', {}, d.detail ?? d.reason),
        el('td', {}, String(d.attemptCount ?? '')), el('td', {}, formatTime(d.createdAt)), el('td', {}, readOnly() ? null : replay));
    })));
  } catch (err) {
    fill(slot, problemBox(err));
  }
}

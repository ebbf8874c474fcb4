// Dead letters: filter by endpoint, event type, reason, time window and status; replay or discard one;
// bulk replay everything the filter matches after showing the dry-run count.
import { call, withQuery } from '../api.js';
import { confirmDialog } from '../confirm.js';
import { busy, el, external, fill, formatTime, link, notice, statusBadge, table } from '../dom.js';
import { pagedList } from '../paged.js';

const REASONS = ['attempts_exhausted', 'permanent_failure', 'endpoint_gone', 'endpoint_paused', 'endpoint_disabled'];
const WINDOWS = [['', 'Any time'], ['3600000', 'Last hour'], ['86400000', 'Last 24 hours'], ['604800000', 'Last 7 days']];

function field(id, labelText, control) {
  control.id = id;
  return el('div', {}, el('label', { for: id }, labelText), control);
}

const options = (pairs, selected) => pairs.map(([value, text]) => el('option', { value, selected: value === selected }, text));

export async function renderDeadLetters(main) {
  const messages = el('div', {});
  const endpointInput = el('input', { name: 'endpointId', list: 'endpoint-ids', placeholder: 'ep_…', size: 30 });
  const endpointIds = el('datalist', { id: 'endpoint-ids' });
  const eventTypeInput = el('input', { name: 'eventType', placeholder: 'order.created', size: 20 });
  const reasonSelect = el('select', { name: 'reason' }, options([['', 'Any reason'], ...REASONS.map((r) => [r, r])], ''));
  const windowSelect = el('select', { name: 'window' }, options(WINDOWS, ''));
  const statusSelect = el('select', { name: 'status' }, options([['open', 'Open'], ['replayed', 'Replayed'], ['discarded', 'Discarded'], ['', 'Any status']], 'open'));
  const apply = el('button', { type: 'submit', class: 'primary' }, 'Apply filters');
  const bulk = el('button', { type: 'button' }, 'Replay all matching…');
  const refresh = el('button', { type: 'button' }, 'Refresh');
  let filter = {};

  function readFilter() {
    const windowMs = Number(windowSelect.value);
    return {
      endpointId: endpointInput.value.trim(),
      eventType: eventTypeInput.value.trim(),
      reason: reasonSelect.value,
      from: windowMs ? new Date(Date.now() - windowMs).toISOString() : '',
      status: statusSelect.value,
    };
  }

  async function replayOne(button, dl) {
    const result = await busy(button, messages, () => call('POST', `/v1/dead-letters/${dl.id}/replay`));
    if (result) location.hash = `#/task-runs/${result.taskRun.id}`;
  }

  async function discardOne(button, dl) {
    const ok = await confirmDialog({ title: 'Discard dead letter?', message: `Dead letter ${dl.id} will be closed without delivery. This cannot be undone.`, confirmLabel: 'Discard', danger: true });
    if (!ok) return;
    const result = await busy(button, messages, () => call('POST', `/v1/dead-letters/${dl.id}/discard`));
    if (result) {
      fill(messages, notice(`Dead letter ${dl.id} discarded.`));
      await list.reload();
    }
  }

  function row(dl) {
    const actions = [];
    if (dl.status === 'open') {
      const replay = el('button', { type: 'button', 'aria-label': `Replay dead letter ${dl.id}` }, 'Replay');
      replay.addEventListener('click', () => replayOne(replay, dl));
      const discard = el('button', { type: 'button', class: 'danger', 'aria-label': `Discard dead letter ${dl.id}` }, 'Discard');
      discard.addEventListener('click', () => discardOne(discard, dl));
      actions.push(replay, ' ', discard);
    } else if (dl.replayTaskRunId) {
      actions.push(link(`#/task-runs/${dl.replayTaskRunId}`, 'Replay run'));
    }
    return el('tr', { 'data-dead-letter': dl.id, 'data-task-run': dl.taskRunId },
      el('td', {}, formatTime(dl.createdAt)),
      el('td', { class: 'mono' }, dl.id),
      el('td', {}, link(`#/task-runs/${dl.taskRunId}`, dl.taskRunId)),
      el('td', {}, link(`#/endpoints/${dl.endpointId}`, dl.endpointId)),
      el('td', {}, el('code', {}, dl.reason), dl.detail ? el('div', { class: 'muted' }, dl.detail) : null),
      el('td', {}, String(dl.attemptCount ?? '—')),
      el('td', {}, statusBadge(dl.status)),
      el('td', {}, actions));
  }

  const list = pagedList({
    label: 'Dead letters',
    load: (cursor) => call('GET', withQuery('/v1/dead-letters', { ...filter, limit: 20, cursor })),
    renderPage: (data) => table('Dead letters, newest first', ['Created', 'Dead letter', 'Task run', 'Endpoint', 'Reason', 'Attempts', 'Status', 'Actions'], data.map(row)),
  });

  async function bulkReplay() {
    const { status: _status, ...bulkFilter } = filter;
    const body = Object.fromEntries(Object.entries(bulkFilter).filter(([, v]) => v));
    const dry = await busy(bulk, messages, () => call('POST', '/v1/dead-letters/replay', { ...body, dryRun: true }));
    if (!dry) return;
    if (dry.count === 0) return fill(messages, notice('No open dead letters on active endpoints match this filter: nothing to replay.'));
    const more = dry.truncated ? ' (the most one bulk replay takes; run it again for the rest)' : '';
    const ok = await confirmDialog({
      title: 'Replay matching dead letters?',
      message: `Dry run: ${dry.count} open dead letter${dry.count === 1 ? '' : 's'} match this filter${more}. They will be replayed at up to ${dry.ratePerSecond} per second.`,
      confirmLabel: `Replay ${dry.count}`,
    });
    if (!ok) return fill(messages, notice('Bulk replay cancelled; nothing was replayed.'));
    const started = await busy(bulk, messages, () => call('POST', '/v1/dead-letters/replay', body));
    if (!started) return;
    fill(messages, el('div', { class: 'notice', role: 'status' },
      `Bulk replay ${started.id ?? ''} started for ${started.count} dead letter${started.count === 1 ? '' : 's'}. `,
      started.temporalUrl ? external(started.temporalUrl, 'Its workflow in the Temporal Web UI') : null));
    await list.reload();
  }

  const form = el('form', { class: 'filters', 'aria-label': 'Dead letter filters' },
    field('dl-endpoint', 'Endpoint id', endpointInput), endpointIds,
    field('dl-event-type', 'Event type', eventTypeInput),
    field('dl-reason', 'Reason', reasonSelect),
    field('dl-window', 'Time window', windowSelect),
    field('dl-status', 'Status', statusSelect),
    apply);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filter = readFilter();
    fill(messages);
    list.reset();
  });
  bulk.addEventListener('click', bulkReplay);
  refresh.addEventListener('click', () => list.reload());

  fill(main, el('h1', {}, 'Dead letters'), form, el('div', { class: 'toolbar' }, bulk, refresh), messages, list.node);
  filter = readFilter();
  call('GET', '/v1/endpoints?limit=100').then(
    (page) => fill(endpointIds, page.data.map((e) => el('option', { value: e.id }, e.url))),
    () => undefined, // suggestions only; the list itself reports errors
  );
  await list.reload();
}

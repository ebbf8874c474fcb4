// Schedules: each with its next five fire times in the schedule's own time zone, pause/resume and
// trigger now. Each row reads its schedule for Temporal's own fire times (jitter included); the list's are
// computed from the stored settings, and so are the read's when Temporal does not answer.
import { call, withQuery } from '../api.js';
import { busy, el, external, fill, formatTime, link, notice, statusBadge, table } from '../dom.js';
import { pagedList } from '../paged.js';

function fireTimes(schedule) {
  const times = schedule.nextFireTimes ?? [];
  if (!times.length) return el('span', { class: 'muted' }, schedule.state === 'active' ? 'none upcoming' : `none (${schedule.state})`);
  return el('ol', { class: 'mono', 'aria-label': `Next fire times in ${schedule.timezone}` }, times.map((t) => el('li', {}, formatTime(t, schedule.timezone))));
}

export async function renderSchedules(main) {
  const messages = el('div', {});
  const refresh = el('button', { type: 'button' }, 'Refresh');

  function controls(s) {
    const pausing = !s.paused;
    const verb = pausing ? 'Pause' : 'Resume';
    const toggle = el('button', { type: 'button', 'aria-label': `${verb} schedule ${s.id}` }, verb);
    toggle.addEventListener('click', async () => {
      const updated = await busy(toggle, messages, () => call('POST', `/v1/schedules/${s.id}/${pausing ? 'pause' : 'resume'}`, {}));
      if (!updated) return;
      fill(messages, notice(`Schedule ${s.id} is now ${updated.state}.`));
      await list.reload();
    });
    const trigger = el('button', { type: 'button', 'aria-label': `Trigger schedule ${s.id} now` }, 'Trigger now');
    trigger.addEventListener('click', async () => {
      const fired = await busy(trigger, messages, () => call('POST', `/v1/schedules/${s.id}/trigger`, {}));
      if (fired) fill(messages, notice(`Schedule ${s.id} triggered at ${formatTime(fired.triggeredAt)}; its run appears under the endpoint's recent task runs.`));
    });
    return [toggle, ' ', trigger];
  }

  async function rows(data) {
    const detailed = await Promise.all(data.map((s) => call('GET', `/v1/schedules/${s.id}`)));
    return table('Schedules, newest first', ['Schedule', 'Endpoint', 'When', 'Time zone', 'State', 'Next five fire times', 'Actions'],
      detailed.map((s) => el('tr', { 'data-schedule': s.id },
        el('td', {}, el('span', { class: 'mono' }, s.id), el('div', {}, external(s.temporalUrl, 'Temporal'))),
        el('td', {}, link(`#/endpoints/${s.endpointId}`, s.endpointId)),
        el('td', { class: 'mono' }, s.kind === 'cron' ? s.cron : `once at ${formatTime(s.runAt, s.timezone)}`),
        el('td', {}, s.timezone),
        el('td', {}, statusBadge(s.state), s.note ? el('div', { class: 'muted' }, s.note) : null),
        el('td', {}, fireTimes(s)),
        el('td', {}, controls(s)))));
  }

  const list = pagedList({
    label: 'Schedules',
    load: (cursor) => call('GET', withQuery('/v1/schedules', { limit: 10, cursor })),
    renderPage: rows,
  });
  refresh.addEventListener('click', () => list.reload());
  fill(main, el('h1', {}, 'Schedules'), el('div', { class: 'toolbar' }, refresh), messages, list.node);
  await list.reload();
}

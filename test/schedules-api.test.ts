// Schedules through the API, checked against the Temporal Schedules they create (real dev server).
import { ScheduleNotFoundError } from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes';
import { api } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { useTemporalClient } from './helpers/temporal-client';

const temporal = useTemporalClient();


const describeTemporal = (id: string) => temporal().schedule.getHandle(`schedule/${id}`).describe();

async function createSchedule(body: Record<string, unknown>) {
  const res = await api('POST', '/v1/schedules', { payload: { job: 'report' }, ...body });
  if (res.status !== 201) throw new Error(`schedule create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describe('schedule validation', () => {
  let endpointId: string;
  beforeAll(async () => {
    endpointId = (await createEndpoint({ url: 'https://example.com/cron' })).id;
  });

  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['a minute of 61', { cron: '61 * * * *' }, 'cron', /minute: 61 is out of range/],
    ['@reboot', { cron: '@reboot' }, 'cron', /@reboot is not supported/],
    ['a wrong field count', { cron: '0 0 * *' }, 'cron', /expected 5 fields/],
    ['a date that never occurs', { cron: '0 0 31 2 *' }, 'cron', /never/],
    ['an unknown time zone', { cron: '0 9 * * *', timezone: 'Mars/Olympus_Mons' }, 'timezone', /IANA time zone/],
    ['neither cron nor runAt', {}, 'cron', /either cron/],
    ['both cron and runAt', { cron: '* * * * *', runAt: '2099-01-01T00:00:00Z' }, 'cron', /either cron/],
    ['an unknown overlap policy', { cron: '* * * * *', overlapPolicy: 'cancel_other' }, 'overlapPolicy', /./],
    ['a catch-up window under 10 s', { cron: '* * * * *', catchupWindowMs: 500 }, 'catchupWindowMs', /./],
  ];
  for (const [what, body, field, message] of cases) {
    it(`answers 400 naming ${field} for ${what}`, async () => {
      const res = await api('POST', '/v1/schedules', { endpointId, payload: {}, ...body });
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      const problem = res.body.errors.find((e: any) => e.field === field);
      expect(problem, JSON.stringify(res.body)).toBeDefined();
      expect(problem.message).toMatch(message);
    });
  }

  it('answers 409 naming runAt for a one-shot time that has already passed', async () => {
    const res = await api('POST', '/v1/schedules', { endpointId, payload: {}, runAt: '2020-01-01T00:00:00Z' });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ field: 'runAt', message: 'must be in the future' }]);
  });

  it('takes a window that ends before it starts, and it never fires', async () => {
    const res = await api('POST', '/v1/schedules', { endpointId, payload: {}, cron: '* * * * *', startAt: '2099-02-01T00:00:00Z', endAt: '2099-01-01T00:00:00Z' });
    expect(res.status).toBe(201);
    expect(res.body.nextFireTimes).toEqual([]);
    expect((await api('DELETE', `/v1/schedules/${res.body.id}`)).status).toBe(204);
  });

  it('answers 404 naming endpointId for an unknown endpoint, and 404 for an unknown schedule', async () => {
    const res = await api('POST', '/v1/schedules', { endpointId: 'ep_00000000000000000000000000', cron: '* * * * *', payload: {} });
    expect(res.status).toBe(404);
    expect(res.body.errors[0].field).toBe('endpointId');
    expect((await api('GET', '/v1/schedules/sch_00000000000000000000000000')).status).toBe(404);
    expect((await api('POST', '/v1/schedules/sch_00000000000000000000000000/pause')).status).toBe(404);
  });

  it('leaves nothing behind when a create is refused', async () => {
    const before = (await api('GET', `/v1/schedules?endpointId=${endpointId}`)).body.data.length;
    await api('POST', '/v1/schedules', { endpointId, cron: '0 0 31 2 *', payload: {} });
    expect((await api('GET', `/v1/schedules?endpointId=${endpointId}`)).body.data.length).toBe(before);
  });
});

describe('schedule settings and next fire times', () => {
  it('creates a Temporal Schedule with the defaults and shows the next fire times in its time zone', async () => {
    const { id: endpointId } = await createEndpoint({ url: 'https://example.com/tz' });
    const created = await createSchedule({ endpointId, cron: '0 9 * * *', timezone: 'Europe/Paris', startAt: '2027-01-10T00:00:00Z' });
    expect(created).toMatchObject({
      kind: 'cron', cron: '0 9 * * *', timezone: 'Europe/Paris', overlapPolicy: 'skip', catchupWindowMs: 60000, jitterMs: 0,
      state: 'active', paused: false, temporalScheduleId: `schedule/${created.id}`,
    });
    // 09:00 in Paris in January is 08:00 UTC.
    expect(created.nextFireTimes.slice(0, 2)).toEqual(['2027-01-10T08:00:00.000Z', '2027-01-11T08:00:00.000Z']);
    expect(created.temporalUrl).toContain(`/schedules/${encodeURIComponent(`schedule/${created.id}`)}`);
    expect(decodeURIComponent(created.temporalRunsUrl)).toContain(`EdgeCronScheduleId="${created.id}"`);

    const described = await describeTemporal(created.id);
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'scheduledFireWorkflow', workflowId: `schedule/${created.id}` });
    expect(described.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 60000 });
    expect(described.spec.timezone).toBe('Europe/Paris');
  });

  it('follows New York across the March DST change: 09:00 local moves from 14:00 to 13:00 UTC', async () => {
    const { id: endpointId } = await createEndpoint({ url: 'https://example.com/dst' });
    const created = await createSchedule({ endpointId, cron: '0 9 * * *', timezone: 'America/New_York', startAt: '2027-03-12T00:00:00Z' });
    // US daylight saving time starts on Sunday 14 March 2027.
    expect(created.nextFireTimes).toEqual([
      '2027-03-12T14:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-16T13:00:00.000Z',
    ]);
  });

  it('passes overlap, catch-up, jitter and end date to Temporal', async () => {
    const { id: endpointId } = await createEndpoint({ url: 'https://example.com/settings' });
    const created = await createSchedule({
      endpointId, cron: '*/5 * * * *', overlapPolicy: 'buffer_one', catchupWindowMs: 3_600_000, jitterMs: 30_000,
      startAt: '2099-01-01T00:00:00Z', endAt: '2099-01-01T00:12:00Z',
    });
    expect(created.nextFireTimes.length).toBe(3); // 00:00, 00:05, 00:10, then the end date
    const described = await describeTemporal(created.id);
    expect(described.policies).toMatchObject({ overlap: 'BUFFER_ONE', catchupWindow: 3_600_000 });
    expect(described.spec.jitter).toBe(30_000);
    expect(described.spec.endAt?.toISOString()).toBe('2099-01-01T00:12:00.000Z');
  });

  it('keeps the longest catch-up window the API accepts (365 days, past a 32-bit integer)', async () => {
    const { id: endpointId } = await createEndpoint({ url: 'https://example.com/long-catchup' });
    const yearMs = 365 * 86_400_000;
    const created = await createSchedule({ endpointId, cron: '@hourly', catchupWindowMs: yearMs });
    expect(created.catchupWindowMs).toBe(yearMs);
    expect((await describeTemporal(created.id)).policies.catchupWindow).toBe(yearMs);
    const listed = await api('GET', `/v1/schedules/${created.id}`);
    expect(listed.body.catchupWindowMs).toBe(yearMs);
  });

  it('a one-shot has one action and one fire time', async () => {
    const { id: endpointId } = await createEndpoint({ url: 'https://example.com/once' });
    const created = await createSchedule({ endpointId, runAt: '2099-06-01T12:30:00.250Z' });
    expect(created).toMatchObject({ kind: 'once', cron: null, runAt: '2099-06-01T12:30:01.000Z' });
    expect(created.nextFireTimes).toEqual(['2099-06-01T12:30:01.000Z']);
    expect((await describeTemporal(created.id)).state.remainingActions).toBe(1);
  });
});

describe('schedule operations', () => {
  it('updates cron, time zone, payload and endpoint; lists newest first; deletes', async () => {
    const a = await createEndpoint({ url: 'https://example.com/a' });
    const b = await createEndpoint({ url: 'https://example.com/b' });
    const first = await createSchedule({ endpointId: a.id, cron: '0 0 * * *', startAt: '2099-01-01T00:00:00Z' });
    const second = await createSchedule({ endpointId: a.id, cron: '0 1 * * *' });

    const listed = await api('GET', `/v1/schedules?endpointId=${a.id}&limit=1`);
    expect(listed.body.data.map((s: any) => s.id)).toEqual([second.id]);
    const next = await api('GET', `/v1/schedules?endpointId=${a.id}&limit=1&cursor=${listed.body.nextCursor}`);
    expect(next.body.data.map((s: any) => s.id)).toEqual([first.id]);

    const patched = await api('PATCH', `/v1/schedules/${first.id}`, {
      cron: '30 6 * * 1-5', timezone: 'Asia/Tokyo', payload: { v: 2 }, endpointId: b.id,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ cron: '30 6 * * 1-5', timezone: 'Asia/Tokyo', payload: { v: 2 }, endpointId: b.id });
    // startAt (00:00 UTC) is already 09:00 in Tokyo, so the first fire is 06:30 on Friday 2 Jan = 21:30 UTC on 1 Jan.
    expect(patched.body.nextFireTimes[0]).toBe('2099-01-01T21:30:00.000Z');
    const described = await describeTemporal(first.id);
    expect(described.spec.timezone).toBe('Asia/Tokyo');
    const fireAttributes = described.action.typedSearchAttributes as TypedSearchAttributes;
    expect(fireAttributes.get(SEARCH_ATTRIBUTES.endpointId)).toBe(b.id);

    const bad = await api('PATCH', `/v1/schedules/${first.id}`, { cron: '0 0 31 2 *' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('cron');

    expect((await api('DELETE', `/v1/schedules/${first.id}`)).status).toBe(204);
    expect((await api('GET', `/v1/schedules/${first.id}`)).status).toBe(404);
    await expect(describeTemporal(first.id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('pauses with a note and resumes, in the API and in Temporal', async () => {
    const { id: endpointId } = await createEndpoint({ url: 'https://example.com/p' });
    const s = await createSchedule({ endpointId, cron: '* * * * *' });
    const paused = await api('POST', `/v1/schedules/${s.id}/pause`, { note: 'maintenance window' });
    expect(paused.body).toMatchObject({ state: 'paused', paused: true, note: 'maintenance window' });
    expect((await describeTemporal(s.id)).state).toMatchObject({ paused: true, note: 'maintenance window' });

    const resumed = await api('POST', `/v1/schedules/${s.id}/resume`);
    expect(resumed.body).toMatchObject({ state: 'active', paused: false, note: null });
    expect((await describeTemporal(s.id)).state.paused).toBe(false);
    expect((await api('DELETE', `/v1/schedules/${s.id}`)).status).toBe(204); // no minutely fires into later tests
  });

  it('pausing, resuming and deleting an endpoint says what happened to its schedules', async () => {
    const { id: endpointId } = await createEndpoint({ url: 'https://example.com/e' });
    const mine = await createSchedule({ endpointId, cron: '* * * * *' });
    const userPaused = await createSchedule({ endpointId, cron: '0 * * * *', paused: true, note: 'held by ops' });

    const pausedEndpoint = await api('POST', `/v1/endpoints/${endpointId}/pause`);
    expect(pausedEndpoint.body.status).toBe('paused');
    expect(pausedEndpoint.body.schedules).toEqual({ paused: [mine.id, userPaused.id] });
    expect((await describeTemporal(mine.id)).state).toMatchObject({ paused: true, note: `endpoint ${endpointId} is paused` });
    expect((await api('GET', `/v1/schedules/${mine.id}`)).body.state).toBe('endpoint_paused');
    expect((await api('POST', `/v1/schedules/${mine.id}/trigger`)).status).toBe(409);

    const resumedEndpoint = await api('POST', `/v1/endpoints/${endpointId}/resume`);
    expect(resumedEndpoint.body.schedules).toEqual({ resumed: [mine.id], stillPaused: [userPaused.id] });
    expect((await describeTemporal(mine.id)).state.paused).toBe(false);
    expect((await describeTemporal(userPaused.id)).state).toMatchObject({ paused: true, note: 'held by ops' });

    const deleted = await api('DELETE', `/v1/endpoints/${endpointId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: endpointId, deleted: true, schedules: { deleted: [mine.id, userPaused.id] } });
    expect((await api('GET', `/v1/schedules/${mine.id}`)).status).toBe(404);
    await expect(describeTemporal(mine.id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});

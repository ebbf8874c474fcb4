// The next fire times EdgeCron computes on its own (shown while Temporal is away) agree with what
// Temporal itself plans: schedules created through the API, compared with describe().info.nextActionTimes
// of their real Temporal Schedules (dev server), on daylight-saving nights, seconds, the either-day
// rule, sparse crons and one-shots.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCron } from '../src/domain/cron';
import { nextFireTimes } from '../src/domain/next-fire-times';
import { api } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { useTemporalClient } from './helpers/temporal-client';

const temporal = useTemporalClient();
let endpointId: string;

beforeAll(async () => {
  endpointId = (await createEndpoint({ url: 'https://example.com/next-fires' })).id;
});

async function temporalPlan(id: string): Promise<string[]> {
  const described = await temporal().schedule.getHandle(`schedule/${id}`).describe();
  return described.info.nextActionTimes.slice(0, 5).map((d) => d.toISOString());
}

function computed(s: { cron: string | null; runAt: string | null; timezone: string; startAt: string | null; endAt: string | null }): string[] {
  const cron = s.cron ? parseCron(s.cron) : null;
  if (cron && !cron.ok) throw new Error(cron.error);
  const timing = {
    cron: cron?.spec ?? null,
    runAt: s.runAt ? new Date(s.runAt) : null,
    timezone: s.timezone,
    startAt: s.startAt ? new Date(s.startAt) : null,
    endAt: s.endAt ? new Date(s.endAt) : null,
  };
  return nextFireTimes(timing, new Date(), 5).map((d) => d.toISOString());
}

// Start dates in 2031 pin the comparison to chosen nights: Berlin changes on 30 March and 26 October,
// New York on 9 March and 2 November.
const cases: [string, Record<string, unknown>][] = [
  ['02:30 in Berlin across the spring gap', { cron: '30 2 * * *', timezone: 'Europe/Berlin', startAt: '2031-03-28T00:00:00Z' }],
  ['02:30 in Berlin across the repeated autumn hour', { cron: '30 2 * * *', timezone: 'Europe/Berlin', startAt: '2031-10-25T00:00:00Z' }],
  ['01:30 and 02:30 in Berlin on the autumn night (hour 1 matching walks the repeat)', { cron: '30 1,2 * * *', timezone: 'Europe/Berlin', startAt: '2031-10-25T12:00:00Z' }],
  ['02:30 in New York across the spring gap', { cron: '30 2 * * *', timezone: 'America/New_York', startAt: '2031-03-07T12:00:00Z' }],
  ['every 20 minutes of 01:xx in New York in November', { cron: '*/20 1 * * *', timezone: 'America/New_York', startAt: '2031-11-01T12:00:00Z' }],
  ['09:00 weekdays in New York across the March change', { cron: '0 9 * * 1-5', timezone: 'America/New_York', startAt: '2031-03-06T00:00:00Z' }],
  ['a seconds field on weekday mornings in London', { cron: '*/15 30 9 * * MON-FRI', timezone: 'Europe/London', startAt: '2031-06-01T00:00:00Z' }],
  ['the 13th or any Friday (either-day rule)', { cron: '0 12 13 * 5', timezone: 'UTC', startAt: '2031-06-01T00:00:00Z' }],
  ['New Year in Tokyo (sparse)', { cron: '@yearly', timezone: 'Asia/Tokyo', startAt: '2031-06-01T00:00:00Z' }],
  ['leap days only (very sparse), with an end date', { cron: '0 6 29 2 *', timezone: 'Australia/Sydney', startAt: '2031-01-01T00:00:00Z', endAt: '2040-03-01T00:00:00Z' }],
  ['a one-shot', { runAt: '2031-07-04T16:20:00Z' }],
  ['a paused schedule (the times it would fire)', { cron: '0 18 * * SUN', timezone: 'Europe/Paris', startAt: '2031-06-01T00:00:00Z', paused: true }],
];

describe('computed next fire times match Temporal\'s own plan', () => {
  for (const [what, settings] of cases) {
    it(what, async () => {
      const res = await api('POST', '/v1/schedules', { endpointId, payload: {}, ...settings });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const fromTemporal = await temporalPlan(res.body.id);
      expect(fromTemporal.length).toBeGreaterThan(0);
      expect(computed(res.body)).toEqual(fromTemporal);
      // The API's own answer came from Temporal, and says so.
      expect(res.body).toMatchObject({ nextFireTimesSource: 'temporal', nextFireTimes: fromTemporal });
      expect((await api('DELETE', `/v1/schedules/${res.body.id}`)).status).toBe(204);
    });
  }
});

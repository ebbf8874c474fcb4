// What a client may send to create, change, pause or list schedules.
import { z } from 'zod';
import { tenantIdField } from './tenant';
import { parseCron } from '../domain/cron';
import { isValidTimeZone } from '../domain/timezone';
import { idFilter, jsonPayload, listQuery } from './common';
import { CRON_PATTERN } from './cron-pattern';
import { exactlyOneOf, nonEmpty, notBoth } from './cross-field';

export const OVERLAP_POLICIES = ['skip', 'buffer_one', 'allow_all'] as const;

const DAY_MS = 24 * 3600 * 1000;

const cron = z
  .string()
  .max(256)
  // The document's pattern; the parser below applies the same rule with a message that names the spot.
  .meta({ pattern: CRON_PATTERN.source })
  .describe('5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, or @yearly/@monthly/@weekly/@daily/@hourly. A range that ends before it starts wraps around (`22-2`, `FRI-MON`); a day-of-month must occur in one of the months given (`0 0 31 2 *` is refused: it would never fire).')
  .superRefine((value, ctx) => {
    const parsed = parseCron(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

/** The runtime's IANA names are listed in the document; the API also accepts their aliases (US/Eastern). */
const timezone = z
  .string()
  .refine(isValidTimeZone, 'not a known IANA time zone (e.g. Europe/Paris, America/New_York, UTC)')
  .meta({ enum: [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])] });
const instant = z.iso.datetime({ offset: true });
/** A one-shot fire is a Temporal calendar, which spans the years 2000 to 2100. */
const calendarInstant = instant.regex(/^(?:20\d\d|2100)-/, 'must be in the years 2000 to 2100');

const settings = {
  /** What happens when a fire comes while the previous run (including its retries) is still going. */
  overlapPolicy: z.enum(OVERLAP_POLICIES),
  /** After downtime, fires missed by less than this are still taken (Temporal's minimum is 10 s). */
  catchupWindowMs: z.number().int().min(10_000).max(365 * DAY_MS),
  /** Each fire is delayed by a random 0..jitterMs, to spread load. */
  jitterMs: z.number().int().min(0).max(DAY_MS),
  /** Fires only from startAt to endAt; a window that ends before it starts never fires (nextFireTimes is empty). */
  startAt: instant.describe('No fire before this time.'),
  endAt: instant.describe('No fire after this time (which must not have passed: 409). Before startAt, the schedule never fires.'),
};

export const createScheduleBody = exactlyOneOf(
  z.strictObject({
    endpointId: idFilter,
    cron: cron.optional(),
    timezone: timezone.default('UTC'),
    runAt: calendarInstant.optional(),
    payload: jsonPayload,
    overlapPolicy: settings.overlapPolicy.default('skip'),
    catchupWindowMs: settings.catchupWindowMs.default(60_000),
    jitterMs: settings.jitterMs.default(0),
    startAt: settings.startAt.optional(),
    endAt: settings.endAt.optional(),
    paused: z.boolean().default(false),
    note: z.string().max(500).optional(),
  }),
  'cron', 'runAt', 'give either cron (repeating) or runAt (one-shot)',
);

export const updateScheduleBody = notBoth(
  nonEmpty(z.strictObject({
    endpointId: idFilter.optional(),
    cron: cron.optional(),
    timezone: timezone.optional(),
    runAt: calendarInstant.optional(),
    payload: jsonPayload.optional(),
    overlapPolicy: settings.overlapPolicy.optional(),
    catchupWindowMs: settings.catchupWindowMs.optional(),
    jitterMs: settings.jitterMs.optional(),
    startAt: settings.startAt.nullable().optional(),
    endAt: settings.endAt.nullable().optional(),
  })),
  'cron', 'runAt', 'give either cron (repeating) or runAt (one-shot), not both',
);

export const pauseScheduleBody = z
  .strictObject({ note: z.string().max(500).optional() })
  .optional()
  .transform((b) => b ?? {});

export const listSchedulesQuery = listQuery({
  endpointId: idFilter.optional(),
  tenantId: tenantIdField.optional(),
});

export type CreateScheduleBody = z.infer<typeof createScheduleBody>;
export type UpdateScheduleBody = z.infer<typeof updateScheduleBody>;

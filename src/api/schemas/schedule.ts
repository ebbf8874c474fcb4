// What a client may send to create, change, pause or list schedules.
import { z } from 'zod';
import { tenantIdField } from './tenant';
import { parseCron } from '../../domain/cron';
import { isValidTimeZone } from '../../domain/timezone';
import { jsonPayload } from './common';

export const OVERLAP_POLICIES = ['skip', 'buffer_one', 'allow_all'] as const;

const DAY_MS = 24 * 3600 * 1000;

const cron = z
  .string()
  .max(256)
  .superRefine((value, ctx) => {
    const parsed = parseCron(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

const timezone = z.string().refine(isValidTimeZone, 'not a known IANA time zone (e.g. Europe/Paris, America/New_York, UTC)');
const instant = z.iso.datetime({ offset: true });

const settings = {
  /** What happens when a fire comes while the previous run (including its retries) is still going. */
  overlapPolicy: z.enum(OVERLAP_POLICIES),
  /** After downtime, fires missed by less than this are still taken (Temporal's minimum is 10 s). */
  catchupWindowMs: z.number().int().min(10_000).max(365 * DAY_MS),
  /** Each fire is delayed by a random 0..jitterMs, to spread load. */
  jitterMs: z.number().int().min(0).max(DAY_MS),
  startAt: instant,
  endAt: instant,
};

function startBeforeEnd(b: { startAt?: string | null; endAt?: string | null }): boolean {
  return !b.startAt || !b.endAt || new Date(b.startAt) < new Date(b.endAt);
}

export const createScheduleBody = z
  .strictObject({
    endpointId: z.string().min(1).max(64),
    cron: cron.optional(),
    timezone: timezone.default('UTC'),
    runAt: instant.optional(),
    payload: jsonPayload,
    overlapPolicy: settings.overlapPolicy.default('skip'),
    catchupWindowMs: settings.catchupWindowMs.default(60_000),
    jitterMs: settings.jitterMs.default(0),
    startAt: settings.startAt.optional(),
    endAt: settings.endAt.optional(),
    paused: z.boolean().default(false),
    note: z.string().max(500).optional(),
  })
  .refine((b) => (b.cron === undefined) !== (b.runAt === undefined), {
    message: 'give either cron (repeating) or runAt (one-shot)',
    path: ['cron'],
  })
  .refine(startBeforeEnd, { message: 'must be after startAt', path: ['endAt'] });

export const updateScheduleBody = z
  .strictObject({
    endpointId: z.string().min(1).max(64).optional(),
    cron: cron.optional(),
    timezone: timezone.optional(),
    runAt: instant.optional(),
    payload: jsonPayload.optional(),
    overlapPolicy: settings.overlapPolicy.optional(),
    catchupWindowMs: settings.catchupWindowMs.optional(),
    jitterMs: settings.jitterMs.optional(),
    startAt: settings.startAt.nullable().optional(),
    endAt: settings.endAt.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to update')
  .refine((b) => !(b.cron !== undefined && b.runAt !== undefined), {
    message: 'give either cron (repeating) or runAt (one-shot), not both',
    path: ['cron'],
  })
  .refine(startBeforeEnd, { message: 'must be after startAt', path: ['endAt'] });

export const pauseScheduleBody = z
  .strictObject({ note: z.string().max(500).optional() })
  .optional()
  .transform((b) => b ?? {});

export const listSchedulesQuery = z.object({
  endpointId: z.string().max(64).optional(),
  tenantId: tenantIdField.optional(),
});

export type CreateScheduleBody = z.infer<typeof createScheduleBody>;
export type UpdateScheduleBody = z.infer<typeof updateScheduleBody>;

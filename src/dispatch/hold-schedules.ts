// The outbox's `schedules_hold`: the schedules of an endpoint the worker disabled are paused in Temporal,
// each with the note it was given in the disabling transaction. Idempotent (pausing a paused schedule
// changes nothing); a schedule Temporal no longer has needs no pause. Any other failure rejects, so the
// dispatcher tries the whole row again later.
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { setTemporalPaused } from '../temporal/schedule-pause';
import type { SchedulesHold } from './start-request';

export async function holdSchedules(t: { temporal: Client }, r: SchedulesHold): Promise<void> {
  await Promise.all(
    r.schedules.map(async (s) => {
      try {
        await setTemporalPaused(t, s.id, { paused: true, note: s.note });
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      }
    }),
  );
}

// What an endpoint subscribes to: event type patterns and an optional payload filter.
import { z } from 'zod';
import { validateEventFilter } from '../domain/event-filter';
import { EVENT_FILTER_REF } from './event-filter-schema';
import { eventTypePattern } from './event-type';

const MAX_FILTER_BYTES = 16_384;

export const eventTypePatterns = z
  .array(eventTypePattern)
  .max(50, 'at most 50 patterns')
  .transform((patterns) => [...new Set(patterns)]);

/** Problems are reported at their place in the filter, e.g. `eventFilter.amount.$gt`. */
export const eventFilter = z
  .record(z.string(), z.json())
  .meta(EVENT_FILTER_REF)
  .superRefine((filter, ctx) => {
    if (JSON.stringify(filter).length > MAX_FILTER_BYTES) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_FILTER_BYTES} bytes of JSON` });
      return;
    }
    for (const problem of validateEventFilter(filter)) {
      ctx.addIssue({ code: 'custom', path: problem.path ? problem.path.split('.') : [], message: problem.message });
    }
  });

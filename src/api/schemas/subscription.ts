// What an endpoint subscribes to: event type patterns and an optional payload filter.
import { z } from 'zod';
import { validateEventFilter } from '../../domain/event-filter';
import { isEventTypePattern } from '../../domain/event-types';

const MAX_FILTER_BYTES = 16_384;

export const eventTypePatterns = z
  .array(z.string().refine(isEventTypePattern, 'must be an event type (invoice.paid), a prefix pattern (invoice.*) or *'))
  .max(50, 'at most 50 patterns')
  .transform((patterns) => [...new Set(patterns)]);

/** Problems are reported at their place in the filter, e.g. `eventFilter.amount.$gt`. */
export const eventFilter = z
  .record(z.string(), z.json())
  .superRefine((filter, ctx) => {
    if (JSON.stringify(filter).length > MAX_FILTER_BYTES) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_FILTER_BYTES} bytes of JSON` });
      return;
    }
    for (const problem of validateEventFilter(filter)) {
      ctx.addIssue({ code: 'custom', path: problem.path ? problem.path.split('.') : [], message: problem.message });
    }
  });

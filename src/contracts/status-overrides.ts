// Input shape of an endpoint's per-status outcome overrides: { "404": "retry", "5xx": "dead_letter" }.
import { z } from 'zod';
import { OVERRIDE_DECISIONS, STATUS_KEY } from '../domain/status-overrides';

export const statusCodeOverrides = z
  .record(z.string().regex(STATUS_KEY, 'must be a status code 100-599 or a class like "5xx"'), z.enum(OVERRIDE_DECISIONS))
  .refine((o) => Object.keys(o).length <= 100, 'at most 100 overrides');

// Event types and subscription patterns as input: the domain's own expressions, so the document's
// `pattern` is the rule the API applies.
import { z } from 'zod';
import { EVENT_TYPE, EVENT_TYPE_OR_PATTERN, MAX_EVENT_TYPE_LENGTH } from '../domain/event-types';

export const eventType = z
  .string()
  .max(MAX_EVENT_TYPE_LENGTH)
  .regex(EVENT_TYPE, 'must be dot-separated names of letters, digits, _ or - (e.g. invoice.paid)');

export const eventTypePattern = z
  .string()
  .max(MAX_EVENT_TYPE_LENGTH)
  .regex(EVENT_TYPE_OR_PATTERN, 'must be an event type (invoice.paid), a prefix pattern (invoice.*) or *');

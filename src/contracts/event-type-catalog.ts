// What a client may send to add or change an event type in the catalog, and what it gets back.
import { z } from 'zod';
import { jsonPayload } from './common';
import { eventType } from './event-type';
import { nonEmpty } from './cross-field';

/** A JSON Schema (draft 2020-12 or 07 keywords) the payloads of this type must satisfy. */
const payloadSchema = z.record(z.string(), jsonPayload).describe('A JSON Schema; publishes of this type are validated against it.');

export const createEventTypeBody = z.strictObject({
  name: eventType,
  description: z.string().max(2000).optional(),
  schema: payloadSchema.optional(),
  example: jsonPayload.optional().describe('An example payload (checked against the schema); the portal shows it.'),
});

export const updateEventTypeBody = nonEmpty(
  z.strictObject({
    description: z.string().max(2000).nullable().optional(),
    schema: payloadSchema.nullable().optional(),
    example: jsonPayload.nullable().optional(),
  }),
);

export const listEventTypesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The last name of the previous page. */
  cursor: z.string().max(200).optional(),
});

export type CreateEventTypeBody = z.infer<typeof createEventTypeBody>;
export type UpdateEventTypeBody = z.infer<typeof updateEventTypeBody>;
export type ListEventTypesQuery = z.infer<typeof listEventTypesQuery>;

const time = z.iso.datetime();

/** One catalog entry as the API answers it. */
export const eventTypeResponse = z.object({
  name: z.string(),
  description: z.string().nullable(),
  schema: z.record(z.string(), z.unknown()).nullable().describe('The JSON Schema publishes of this type are validated against; null = any payload.'),
  example: z.unknown().describe('An example payload, or null.'),
  createdAt: time,
  updatedAt: time,
});

// The registry's event type catalog calls (see operations.ts).
import { z } from 'zod';
import { createEventTypeBody, eventTypeResponse, listEventTypesQuery, updateEventTypeBody } from '../../contracts/event-type-catalog';
import type { ApiOperation } from './operation';

const eventTypePage = z.object({ data: z.array(eventTypeResponse), nextCursor: z.string().nullable().describe('The last name of this page; null on the last page.') });

const WRITES = 'Installation keys only: a tenant key or portal session gets 403.';

export const eventTypeOperations: ApiOperation[] = [
  {
    operationId: 'createEventType', method: 'post', path: '/v1/event-types', tag: 'Event types',
    summary: 'Add an event type to the catalog (description, optional JSON Schema and example)',
    description: `With a schema, every publish of this type is validated: a payload that does not satisfy it is a 400 naming the path (\`payload.customer.email\`). The schema must compile and the example satisfy it. ${WRITES}`,
    body: createEventTypeBody, errors: [403, 409],
    response: { status: 201, description: 'The catalog entry.', schema: eventTypeResponse },
  },
  {
    operationId: 'listEventTypes', method: 'get', path: '/v1/event-types', tag: 'Event types',
    summary: 'The catalog, by name', query: [listEventTypesQuery],
    response: { status: 200, description: 'One page of event types, alphabetical.', schema: eventTypePage },
  },
  {
    operationId: 'getEventType', method: 'get', path: '/v1/event-types/:id', tag: 'Event types',
    summary: 'Get an event type by name', errors: [404],
    response: { status: 200, description: 'The catalog entry.', schema: eventTypeResponse },
  },
  {
    operationId: 'updateEventType', method: 'patch', path: '/v1/event-types/:id', tag: 'Event types',
    summary: 'Change an event type (null clears the schema or example)', description: WRITES,
    body: updateEventTypeBody, errors: [403, 404],
    response: { status: 200, description: 'The catalog entry.', schema: eventTypeResponse },
  },
  {
    operationId: 'deleteEventType', method: 'delete', path: '/v1/event-types/:id', tag: 'Event types',
    summary: 'Remove an event type from the catalog (publishes of it are no longer validated)', description: WRITES,
    errors: [403, 404], response: { status: 204, description: 'Removed.' },
  },
];

// The body an endpoint receives for an event, in the Standard Webhooks payload shape, so one receiver
// subscribed to several types (`invoice.*`) can tell them apart. Filters apply to `data` (the payload
// as published), not to the envelope.

export interface EventEnvelope {
  type: string;
  /** When the event was published, ISO-8601 UTC. */
  timestamp: string;
  data: unknown;
}

export function eventEnvelope(event: { type: string; payload: unknown; createdAt: Date }): EventEnvelope {
  return { type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload };
}

// The API shape of a catalog entry.
import type { EventType } from '../../db/generated/client';

export function eventTypeView(t: EventType) {
  return {
    name: t.name,
    description: t.description,
    schema: t.schema as Record<string, unknown> | null,
    example: t.example,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

// EdgeCron's custom search attributes, so runs can be filtered in the Temporal Web UI.
// Pure module (types only from @temporalio/common): workflows import it to upsert status.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SEARCH_ATTRIBUTES = {
  endpointId: defineSearchAttributeKey('EdgeCronEndpointId', SearchAttributeType.KEYWORD),
  eventType: defineSearchAttributeKey('EdgeCronEventType', SearchAttributeType.KEYWORD),
  trigger: defineSearchAttributeKey('EdgeCronTrigger', SearchAttributeType.KEYWORD),
  scheduleId: defineSearchAttributeKey('EdgeCronScheduleId', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('EdgeCronStatus', SearchAttributeType.KEYWORD),
} as const;

/** `Name=Keyword` pairs for `temporal server start-dev --search-attribute`. */
export const SEARCH_ATTRIBUTE_FLAGS = Object.values(SEARCH_ATTRIBUTES).map((key) => `${key.name}=Keyword`);

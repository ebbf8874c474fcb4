// EdgeCron's custom search attributes, so runs can be filtered in the Temporal Web UI.
// Pure module (types only from @temporalio/common): workflows import it to upsert status.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SEARCH_ATTRIBUTES = {
  endpointId: defineSearchAttributeKey('EdgeCronEndpointId', SearchAttributeType.KEYWORD),
  eventType: defineSearchAttributeKey('EdgeCronEventType', SearchAttributeType.KEYWORD),
  trigger: defineSearchAttributeKey('EdgeCronTrigger', SearchAttributeType.KEYWORD),
  scheduleId: defineSearchAttributeKey('EdgeCronScheduleId', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('EdgeCronStatus', SearchAttributeType.KEYWORD),
  /** Set on a tenant's runs, fanouts and schedule fires only (no value = the installation's own). */
  tenantId: defineSearchAttributeKey('EdgeCronTenantId', SearchAttributeType.KEYWORD),
} as const;

/** `Name=Keyword` pairs for `temporal server start-dev --search-attribute`. */
/** The tenant search attribute, when there is a tenant: spread into a typedSearchAttributes list. */
export const tenantSearchAttribute = (tenantId: string | null | undefined) =>
  tenantId ? [{ key: SEARCH_ATTRIBUTES.tenantId, value: tenantId }] : [];

export const SEARCH_ATTRIBUTE_FLAGS = Object.values(SEARCH_ATTRIBUTES).map((key) => `${key.name}=Keyword`);

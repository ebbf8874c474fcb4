// Answers of the tenant calls, for the OpenAPI document (checked against real answers by test/openapi.test.ts).
import { z } from 'zod';

const time = z.iso.datetime();

export const tenantIdResponse = z.string().nullable().describe('The tenant (`tn_…`) it belongs to; null for the installation\'s own.');

export const tenantResponse = z.object({
  id: z.string().describe('`tn_…`'),
  name: z.string(),
  externalId: z.string().nullable().describe('Your own id for this customer; unique per installation.'),
  createdAt: time,
  updatedAt: time,
});

export const deletedTenantResponse = z.object({
  id: z.string(),
  deleted: z.literal(true),
  endpoints: z.array(z.string()).describe('Endpoints deleted (soft: their records stay).'),
  schedules: z.array(z.string()).describe('Schedules deleted with them.'),
  apiKeysRevoked: z.number().int().describe('Tenant keys and portal sessions revoked.'),
  taskRunsFailed: z.number().int().describe('Waiting runs ended `failed` (a run mid-attempt ends `failed` at its next attempt).'),
});

export const portalSessionResponse = z.object({
  id: z.string().describe('The session\'s key id (`key_…`): revoke it with POST /v1/api-keys/{id}/revoke.'),
  tenantId: z.string(),
  url: z.string().describe('Absolute link to the consumer portal; the token is in its fragment (`#token=…`), which browsers do not send to servers.'),
  token: z.string().describe('A tenant key valid until expiresAt (401 afterwards); read scope when readOnly.'),
  readOnly: z.boolean(),
  expiresAt: time,
});

// The answers of /v1/sources and /in/:sourceId, as the OpenAPI document and the SDK show them.
import { z } from 'zod';
import { sourceEventType, sourceVerification } from './source';
import { tenantIdResponse } from './tenant-responses';

const time = z.iso.datetime();

/** An answer's verification: the same fields, but its secret, password or key is masked, so it takes no form of its own. */
const MASKED_FIELDS = ['secret', 'password', 'key'] as const;
const maskedVerification = z.discriminatedUnion(
  'type',
  sourceVerification.options.map((option) => {
    const masked = Object.fromEntries(MASKED_FIELDS.filter((f) => f in option.shape).map((f) => [f, z.string()]));
    return option.extend(masked);
  }) as unknown as typeof sourceVerification.options,
);

export const sourceResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  tenantId: tenantIdResponse,
  status: z.enum(['active', 'disabled']).describe('disabled: /in answers 503 with Retry-After, so providers retry later.'),
  verification: maskedVerification.describe('Its secret, password or key reads `********`; GET /v1/sources/{id}/secret reveals it.'),
  verified: z.boolean().describe('false for verification type none: anyone who knows the URL can publish.'),
  eventType: sourceEventType.nullable().describe('The rule in force (the verification type\'s default when none was given).'),
  eventTypePrefix: z.string().nullable(),
  deduplicate: z.union([z.literal(false), z.object({ windowSeconds: z.number().int(), key: z.union([z.object({ header: z.string() }), z.object({ path: z.string() })]) })]),
  ingestRateLimitPerSecond: z.number().int(),
  ingestUrl: z.string().describe('Where the provider sends: EDGECRON_PUBLIC_URL (else this request\'s host) + /in/{id}.'),
  previousSecretExpiresAt: time.nullable().describe('After a rotation: until when the previous secret is accepted too.'),
  createdAt: time,
  updatedAt: time,
});

export const deletedSourceResponse = z.object({ id: z.string(), deleted: z.literal(true) });

export const sourceSecretResponse = z.object({
  secret: z.string().nullable().optional(),
  password: z.string().optional(),
  key: z.string().optional(),
  previousSecretExpiresAt: time.nullable(),
});

export const rotatedSourceSecretResponse = z.object({ id: z.string(), previousSecretExpiresAt: time });

export const sourceRequestResponse = z.object({
  id: z.string(),
  createdAt: time,
  outcome: z.enum(['accepted', 'duplicate', 'rejected']),
  reason: z.string().nullable().describe('Why a request was refused (which check failed); never a signature or header value.'),
  eventId: z.string().nullable(),
  bodyBytes: z.number().int(),
});

export const inboundAcceptedResponse = z.object({
  eventId: z.string(),
  duplicate: z.literal(true).optional().describe('Present on a 200: the same delivery id within the dedup window; this is the first event.'),
});

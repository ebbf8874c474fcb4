// What a client may send to create or change an inbound source (POST /in/:sourceId), and its answers.
import { z } from 'zod';
import { eventType } from './event-type';
import { tenantIdField } from './tenant';

const WEEK_SECONDS = 7 * 24 * 3600;
/** Free-form secrets, passwords and keys. */
const credential = z.string().min(8).max(256);
const whsecSecret = z.string().regex(/^whsec_[A-Za-z0-9+/=_-]{8,256}$/, 'must be the provider\'s whsec_… secret');
const tolerance = z.number().int().min(1).max(WEEK_SECONDS).default(300).describe('A signed timestamp further than this from now is refused (replay protection).');
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, 'not a valid HTTP header name');
const jsonPath = z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'a dotted path of names (data.object.id)').max(200);

export const sourceVerification = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('stripe'), secret: whsecSecret, toleranceSeconds: tolerance }),
  z.strictObject({ type: z.literal('standard_webhooks'), secret: whsecSecret, toleranceSeconds: tolerance }),
  z.strictObject({ type: z.literal('github'), secret: credential }),
  z.strictObject({ type: z.literal('shopify'), secret: credential }),
  z.strictObject({
    type: z.literal('hmac'), secret: credential, header: headerName,
    algorithm: z.enum(['sha256', 'sha512', 'sha1']).default('sha256'), encoding: z.enum(['hex', 'base64']).default('hex'),
    prefix: z.string().max(32).optional(),
  }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(256).regex(/^[^:\u0000]*$/, 'must not contain ":"'), password: credential }),
  z.strictObject({ type: z.literal('api_key'), header: headerName, key: credential }),
  z.strictObject({ type: z.literal('none') }),
]);

export const sourceEventType = z.union([
  z.strictObject({ from: z.literal('body'), path: jsonPath }),
  z.strictObject({ from: z.literal('header'), name: headerName }),
  z.strictObject({ value: eventType }),
]);

export const sourceDeduplicate = z.union([
  z.literal(false),
  z.strictObject({
    windowSeconds: z.number().int().min(1).max(30 * 24 * 3600).default(86_400),
    key: z.union([z.strictObject({ header: headerName }), z.strictObject({ path: jsonPath })]).optional(),
  }),
]);

const prefix = z.string().max(64).regex(/^([A-Za-z0-9_-]+\.)+$/, 'dot-separated names ending in "." (stripe.)');

const sourceFields = {
  name: z.string().min(1).max(200),
  description: z.string().max(1000).optional(),
  eventType: sourceEventType.optional(),
  eventTypePrefix: prefix.optional(),
  deduplicate: sourceDeduplicate.optional(),
  ingestRateLimitPerSecond: z.number().int().min(1).max(10_000).default(100).describe("Requests per second to /in/{id} (burst: one second's worth); above it 429 with Retry-After."),
};

/** `verification.type` is one of these: JSON Schema's `if` on the body's verification. */
const verificationTypeIn = (types: string[]) => ({
  properties: { verification: { properties: { type: { enum: types } }, required: ['type'] } },
  required: ['verification'],
});

// What no single field says, stated in the document too (the service refuses the same, naming the field):
// a type with no provider default must say where its event type comes from, and `none` needs a prefix.
export const createSourceBody = z
  .strictObject({ ...sourceFields, tenantId: tenantIdField.optional(), verification: sourceVerification })
  .meta({
    allOf: [
      { if: verificationTypeIn(['hmac', 'basic', 'api_key', 'none']), then: { required: ['eventType'] } },
      { if: verificationTypeIn(['none']), then: { required: ['eventTypePrefix'] } },
    ],
  });

export const updateSourceBody = z.strictObject({
  name: sourceFields.name.optional(),
  description: sourceFields.description.nullable(),
  verification: sourceVerification.optional().describe('The whole verification, secrets included (answers mask them; a rotation keeps the old one for a grace period).'),
  eventType: sourceEventType.nullable().optional(),
  eventTypePrefix: prefix.nullable().optional(),
  deduplicate: sourceDeduplicate.nullable().optional(),
  ingestRateLimitPerSecond: z.number().int().min(1).max(10_000).optional(),
}).partial();

export const rotateSourceSecretBody = z.strictObject({
  secret: z.string().min(8).max(262).optional(),
  password: credential.optional(),
  key: credential.optional(),
  gracePeriodSeconds: z.number().int().min(0).max(WEEK_SECONDS).default(86_400),
});

export type SourceVerification = z.infer<typeof sourceVerification>;
export type SourceEventType = z.infer<typeof sourceEventType>;
export type SourceDeduplicate = z.infer<typeof sourceDeduplicate>;
export type CreateSourceBody = z.infer<typeof createSourceBody>;
export type UpdateSourceBody = z.infer<typeof updateSourceBody>;
export type RotateSourceSecretBody = z.infer<typeof rotateSourceSecretBody>;

// What a client may send to create, change, list or delete a tenant, and to open a portal session.
import { z } from 'zod';
import { listQuery, NOT_BLANK } from './common';
import { nonEmpty } from './cross-field';

/** Trimmed; something other than white space (the document's pattern says so too). */
const name = z.string().trim().min(1).max(200).regex(NOT_BLANK, 'must not be blank');
/** The caller's own id for this customer; unique per installation. */
const externalId = z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const tenantIdField = z.string().regex(/^tn_[0-9a-z]{26}$/, 'not a tenant id (tn_…)');

export const createTenantBody = z.strictObject({ name, externalId: externalId.optional() });

export const updateTenantBody = nonEmpty(z.strictObject({ name: name.optional(), externalId: externalId.nullable().optional() }));

export const listTenantsQuery = listQuery({ externalId: externalId.optional() });

/** Deleting a tenant deletes its endpoints, schedules and keys: the caller repeats its id to confirm. */
export const deleteTenantQuery = z.strictObject({
  confirm: z.string().regex(/^tn_[0-9a-z]{26}$/, 'must repeat the tenant id (tn_…)').describe('The id of the tenant being deleted, repeated: deleting it deletes its endpoints, schedules and API keys. Another id is a 409.'),
});

const WEEK_SECONDS = 7 * 24 * 3600;

export const createPortalSessionBody = z.strictObject({
  expiresInSeconds: z.number().int().min(1).max(WEEK_SECONDS).default(3600),
  readOnly: z.boolean().default(false),
});

export type CreateTenantBody = z.infer<typeof createTenantBody>;
export type UpdateTenantBody = z.infer<typeof updateTenantBody>;
export type CreatePortalSessionBody = z.infer<typeof createPortalSessionBody>;

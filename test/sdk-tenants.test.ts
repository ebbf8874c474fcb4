// The SDK's tenant calls against the running API: tenants, a tenant key's narrowed view, portal
// sessions whose token is a client key until it expires, and the event type catalog.
import { describe, expect, inject, it } from 'vitest';
import { EdgeCron, NotFoundError, ValidationError } from 'edgecron/sdk';
import { sdkClient } from './helpers/sdk-client';

const client = sdkClient();
const unique = () => Math.random().toString(36).slice(2, 8);

describe('the SDK with tenants', () => {
  it('creates tenants, opens a portal session whose token sees only that tenant, and deletes the tenant', async () => {
    const tenant = await client.tenants.create({ name: 'SDK tenant', externalId: `sdk-${unique()}` });
    expect(tenant.id).toMatch(/^tn_/);
    const other = await client.tenants.create({ name: 'SDK other' });
    const mine = await client.endpoints.create({ url: 'http://127.0.0.1:9/mine', tenantId: tenant.id });
    const theirs = await client.endpoints.create({ url: 'http://127.0.0.1:9/theirs', tenantId: other.id });
    expect(mine.tenantId).toBe(tenant.id);

    const session = await client.tenants.createPortalSession(tenant.id, { expiresInSeconds: 600 });
    expect(session.url).toContain('/portal/#token=');
    const asTenant = new EdgeCron({ baseUrl: inject('apiUrl'), apiKey: session.token });
    const page = await asTenant.endpoints.listPage();
    expect(page.data.map((e) => e.id)).toEqual([mine.id]);
    await expect(asTenant.endpoints.get(theirs.id)).rejects.toBeInstanceOf(NotFoundError);

    const deleted = await client.tenants.delete(tenant.id);
    expect(deleted).toMatchObject({ deleted: true, endpoints: [mine.id] });
    await expect(client.tenants.get(tenant.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps the event type catalog and validates publishes against it', async () => {
    const name = `sdk.type_${unique()}`;
    const created = await client.eventTypes.create({ name, schema: { type: 'object', required: ['id'] } });
    expect(created).toMatchObject({ name, schema: { type: 'object', required: ['id'] } });
    const error = await client.events.publish({ type: name, payload: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((f) => f.field)).toEqual(['payload.id']);
    await client.eventTypes.delete(name);
  });
});

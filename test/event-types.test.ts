// The event type catalog: entries with a JSON Schema validate every publish of their type (400 naming
// the payload path), bad schemas and examples are refused when saved, and the catalog lists by name.
import { afterAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api';
import { publish } from './helpers/events';

const type = `invoice.issued_${Math.random().toString(36).slice(2, 8)}`;
afterAll(async () => {
  await api('DELETE', `/v1/event-types/${type}`);
});

const schema = {
  type: 'object',
  required: ['amount', 'customer'],
  properties: {
    amount: { type: 'integer', minimum: 1 },
    customer: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } },
  },
};

describe('the event type catalog', () => {
  it('stores a type with its schema and example, and refuses a schema that does not compile', async () => {
    const bad = await api('POST', '/v1/event-types', { name: `${type}.bad`, schema: { type: 'objekt' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('schema');

    const wrongExample = await api('POST', '/v1/event-types', { name: `${type}.ex`, schema, example: { amount: 0, customer: { email: 'a@b.co' } } });
    expect(wrongExample.status).toBe(400);
    expect(wrongExample.body.errors[0].field).toBe('example.amount');

    const created = await api('POST', '/v1/event-types', {
      name: type, description: 'An invoice was issued', schema, example: { amount: 1200, customer: { email: 'ada@example.com' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: type, description: 'An invoice was issued', schema });
    expect((await api('POST', '/v1/event-types', { name: type })).status).toBe(409);
    const listed = await api('GET', `/v1/event-types?limit=500`);
    expect(listed.body.data.map((t: { name: string }) => t.name)).toContain(type);
  });

  it('refuses a publish whose payload breaks the schema, naming the path', async () => {
    const wrongEmail = await publish({ type, payload: { amount: 5, customer: { email: 'not an address' } } });
    expect(wrongEmail.status).toBe(400);
    expect(wrongEmail.contentType).toContain('application/problem+json');
    expect(wrongEmail.body.errors).toEqual([{ field: 'payload.customer.email', message: 'must match format "email"' }]);

    const missing = await publish({ type, payload: { amount: 5 } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('payload.customer');

    const good = await publish({ type, payload: { amount: 5, customer: { email: 'ada@example.com' } } });
    expect(good.status).toBe(202);
    // Types outside the catalog are not validated.
    expect((await publish({ type: `${type}.uncatalogued`, payload: 'anything' })).status).toBe(202);
  });

  it('validates against the schema as changed, and not at all once it is cleared', async () => {
    const changed = await api('PATCH', `/v1/event-types/${type}`, { schema: { type: 'object', required: ['id'] }, example: null });
    expect(changed.status).toBe(200);
    const missingId = await publish({ type, payload: { amount: 5 } });
    expect(missingId.status).toBe(400);
    expect(missingId.body.errors[0].field).toBe('payload.id');
    await api('PATCH', `/v1/event-types/${type}`, { schema: null });
    expect((await publish({ type, payload: [1, 2, 3] })).status).toBe(202);
  });
});

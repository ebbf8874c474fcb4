// Secrets at rest: the database holds no signing secret and no API key in clear; the reveal call is
// the only way a secret comes back; rotation signs with both secrets for its grace period.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createDb } from '../src/db/prisma';
import { createSecretBox, parseSecretKey } from '../src/domain/node/secret-box';
import { sealLegacyEndpointSecrets } from '../src/services/endpoint-secrets';
import { api, runUntilFinal } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(async () => db.end());

/** Every row of every EdgeCron table, as text. */
async function everyRow(): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  let dump = '';
  for (const { table_name } of tables.rows) {
    const rows = await db.query(`SELECT row_to_json(t)::text AS row FROM "${table_name}" t`);
    dump += rows.rows.map((r) => r.row).join('\n') + '\n';
  }
  return dump;
}

describe('secrets at rest', () => {
  it('no table holds a signing secret or an API key in clear', async () => {
    const brought = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const generated = await createEndpoint({ url: 'https://example.com/generated' });
    const mine = await createEndpoint({ url: 'https://example.com/mine', secret: brought });
    const rotated = await api('POST', `/v1/endpoints/${mine.id}/secret/rotate`, {});
    const key = (await api('POST', '/v1/api-keys', { name: 'at rest', scope: 'full' })).body.key as string;

    const dump = await everyRow();
    expect(dump).toContain(generated.id); // the rows are there…
    for (const secret of [generated.secret, brought, rotated.body.secret]) {
      expect(dump).not.toContain(secret); // …but not the secrets,
      expect(dump).not.toContain(secret.slice('whsec_'.length));
      expect(dump).not.toContain(Buffer.from(secret.slice('whsec_'.length), 'base64').toString('hex'));
    }
    expect(dump).not.toContain(key); // nor the API key,
    expect(dump).not.toContain(key.slice(3));
    expect(dump).not.toContain(inject('apiKey')); // nor the bootstrap key.

    const stored = await db.query(`SELECT secret, "oldSecret" FROM "Endpoint" WHERE id = $1`, [mine.id]);
    expect(stored.rows[0].secret).toMatch(/^enc:v1:/);
    expect(stored.rows[0].oldSecret).toMatch(/^enc:v1:/);
    // Sealed with the configured key and bound to its row: it opens there and nowhere else.
    const box = createSecretBox(parseSecretKey(inject('secretKey')));
    expect(box.open(stored.rows[0].secret, `endpoint:${mine.id}`)).toBe(rotated.body.secret);
    expect(box.open(stored.rows[0].oldSecret, `endpoint:${mine.id}`)).toBe(brought);
    expect(() => box.open(stored.rows[0].secret, `endpoint:${generated.id}`)).toThrow();
  });

  it('a secret stored in clear by an earlier version is sealed at API start-up and still signs and reveals', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/legacy' });
    await db.query(`UPDATE "Endpoint" SET secret = $1 WHERE id = $2`, [endpoint.secret, endpoint.id]); // as before this version
    const prisma = createDb(inject('databaseUrl'));
    try {
      // What startApiServer runs before listening.
      expect(await sealLegacyEndpointSecrets(prisma, createSecretBox(parseSecretKey(inject('secretKey'))))).toBeGreaterThanOrEqual(1);
    } finally {
      await prisma.$disconnect();
    }
    const stored = await db.query(`SELECT secret FROM "Endpoint" WHERE id = $1`, [endpoint.id]);
    expect(stored.rows[0].secret).toMatch(/^enc:v1:/);
    expect((await api('GET', `/v1/endpoints/${endpoint.id}/secret`)).body.secret).toBe(endpoint.secret);
  });

  it('the secret is shown at creation and by the reveal call only', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/reveal' });
    const responses = [
      await api('GET', `/v1/endpoints/${endpoint.id}`),
      await api('GET', '/v1/endpoints?limit=100'),
      await api('PATCH', `/v1/endpoints/${endpoint.id}`, { description: 'changed' }),
      await api('POST', `/v1/endpoints/${endpoint.id}/pause`),
    ];
    for (const res of responses) expect(JSON.stringify(res.body)).not.toContain(endpoint.secret);
    const revealed = await api('GET', `/v1/endpoints/${endpoint.id}/secret`);
    expect(revealed.body).toEqual({ secret: endpoint.secret, previousSecretExpiresAt: null });
  });
});

describe('signing secret rotation', () => {
  let receiver: Receiver;
  afterAll(async () => receiver?.close());

  it('during the grace period each delivery carries both signatures; receivers with either secret verify it', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await createEndpoint({ url: receiver.url });
    const rotation = await api('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, { gracePeriodSeconds: 3600 });
    expect(rotation.status).toBe(200);
    expect(rotation.body.secret).toMatch(/^whsec_/);
    expect(rotation.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotation.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 3500_000);
    expect((await api('GET', `/v1/endpoints/${endpoint.id}/secret`)).body.secret).toBe(rotation.body.secret);

    const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { rotated: true } })).body;
    expect((await runUntilFinal(run.id)).status).toBe('success');
    const [delivered] = receiver.requests;
    const signatures = delivered.headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    for (const s of signatures) expect(s).toMatch(/^v1,/);
    expect(() => new Webhook(rotation.body.secret).verify(delivered.body, delivered.headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(delivered.body, delivered.headers)).not.toThrow();
  });

  it('once the grace period is over, only the new secret signs', async () => {
    receiver = await startReceiver(respondWith(200));
    const endpoint = await createEndpoint({ url: receiver.url });
    const rotation = await api('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, { gracePeriodSeconds: 0 });
    const run = (await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { rotated: 'done' } })).body;
    expect((await runUntilFinal(run.id)).status).toBe('success');
    const [delivered] = receiver.requests;
    expect(delivered.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(rotation.body.secret).verify(delivered.body, delivered.headers)).not.toThrow();
    expect(() => new Webhook(endpoint.secret).verify(delivered.body, delivered.headers)).toThrow();
  });

  it('rotation validates its input and 404s unknown endpoints', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/rot' });
    expect((await api('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, { secret: 'plain' })).body.errors[0].field).toBe('secret');
    expect((await api('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, { gracePeriodSeconds: -1 })).body.errors[0].field).toBe('gracePeriodSeconds');
    expect((await api('POST', '/v1/endpoints/ep_00000000000000000000000000/secret/rotate', {})).status).toBe(404);
  });
});

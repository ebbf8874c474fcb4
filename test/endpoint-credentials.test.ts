// Endpoint credentials at rest: custom header values and URL credentials are sealed in the table, masked
// in every answer, revealed only to full-scope keys, kept when a PATCH sends the mask back, and still
// sent for real to the receiver. Rows written in clear by an earlier version get sealed.
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../src/db/prisma';
import { MASK } from '../src/domain/node/endpoint-credentials';
import { createSecretBox, parseSecretKey } from '../src/domain/node/secret-box';
import { sealLegacyEndpointCredentials } from '../src/services/endpoint-credentials';
import { api, runUntilFinal } from './helpers/api';
import { createEndpoint } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

const SECRETS = { bearer: 'rcv-bearer-7f3a9c', tenant: 'tenant-acme-41', token: 'tok-5d2e8b1f', password: 'pw-91c4e7' };

let db: pg.Client;
let receiver: Receiver;
beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
  receiver = await startReceiver(respondWith(200));
});
afterAll(async () => {
  await receiver?.close();
  await db.end();
});

const secretUrl = () => {
  const u = new URL(receiver.url);
  u.username = 'hook-user';
  u.password = SECRETS.password;
  u.pathname = '/hooks';
  u.search = `token=${SECRETS.token}&page=2`;
  return u.href;
};
const secretHeaders = () => ({ Authorization: `Bearer ${SECRETS.bearer}`, 'X-Tenant': SECRETS.tenant });

function expectNoSecret(text: string, where: string) {
  for (const s of Object.values(SECRETS)) expect(text, `${where} shows ${s}`).not.toContain(s);
}

async function storedRow(id: string): Promise<string> {
  const rows = await db.query(`SELECT row_to_json(e)::text AS row FROM "Endpoint" e WHERE id = $1`, [id]);
  return rows.rows[0].row as string;
}

describe('endpoint headers and URL credentials', () => {
  it('are sealed in the table, masked in every answer, and delivered for real', async () => {
    const created = await createEndpoint({ url: secretUrl(), headers: secretHeaders() });
    expect(created.headers).toEqual({ Authorization: MASK, 'X-Tenant': MASK });
    expect(created.url).toBe(`${new URL(receiver.url).origin.replace('//', `//${MASK}:${MASK}@`)}/hooks?token=${MASK}&page=2`);

    // The table: names and the masked URL in clear, every value sealed.
    const row = await storedRow(created.id);
    expectNoSecret(row, 'the Endpoint row');
    const stored = await db.query(`SELECT url, "sealedUrl", headers FROM "Endpoint" WHERE id = $1`, [created.id]);
    expect(stored.rows[0].url).toBe(created.url);
    expect(stored.rows[0].sealedUrl).toMatch(/^enc:v1:/);
    expect(Object.keys(stored.rows[0].headers).sort()).toEqual(['Authorization', 'X-Tenant']);
    for (const v of Object.values(stored.rows[0].headers)) expect(v).toMatch(/^enc:v1:/);

    // The receiver gets the real values.
    const run = (await api('POST', '/v1/task-runs', { endpointId: created.id, payload: { n: 1 } })).body;
    expect((await runUntilFinal(run.id)).status).toBe('success');
    const delivered = receiver.requests.at(-1)!;
    expect(delivered.headers.authorization).toBe(`Bearer ${SECRETS.bearer}`);
    expect(delivered.headers['x-tenant']).toBe(SECRETS.tenant);
    expect(delivered.path).toBe(`/hooks?token=${SECRETS.token}&page=2`);

    // Every read: one, list, patch, pause/resume, attempts (API and table), stats overview, the logs.
    const reads = [
      await api('GET', `/v1/endpoints/${created.id}`),
      await api('GET', '/v1/endpoints?limit=100'),
      await api('PATCH', `/v1/endpoints/${created.id}`, { description: 'masked still' }),
      await api('POST', `/v1/endpoints/${created.id}/pause`),
      await api('POST', `/v1/endpoints/${created.id}/resume`),
      await api('GET', `/v1/task-runs/${run.id}/attempts`),
      await api('GET', `/v1/task-runs/${run.id}`),
      await api('GET', '/v1/stats/overview'),
    ];
    for (const res of reads) {
      expect(res.status).toBe(200);
      expectNoSecret(JSON.stringify(res.body), 'an API answer');
    }
    expect(reads[0].body.headers).toEqual({ Authorization: MASK, 'X-Tenant': MASK });
    expect(reads[5].body.data[0].request.url).toBe(created.url);
    const attempts = await db.query(`SELECT row_to_json(a)::text AS row FROM "DeliveryAttempt" a WHERE "taskRunId" = $1`, [run.id]);
    expectNoSecret(attempts.rows.map((r) => r.row).join('\n'), 'the attempt rows');
    expectNoSecret(await readFile(inject('logFile'), 'utf8'), 'the logs');
  });

  it('are revealed by GET /v1/endpoints/:id/credentials to full-scope keys only', async () => {
    const created = await createEndpoint({ url: secretUrl(), headers: secretHeaders() });
    const revealed = await api('GET', `/v1/endpoints/${created.id}/credentials`);
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({ url: secretUrl(), headers: secretHeaders(), destination: null });

    const readKey = (await api('POST', '/v1/api-keys', { name: 'reader', scope: 'read' })).body.key;
    for (const path of [`/v1/endpoints/${created.id}/credentials`, `/v1/endpoints/${created.id}/CREDENTIALS`]) {
      const refused = await api('GET', path, undefined, readKey);
      expect(refused.status).toBe(403);
      expectNoSecret(JSON.stringify(refused.body), 'the 403');
    }
    expect((await api('GET', `/v1/endpoints/${created.id}`, undefined, readKey)).body.headers.Authorization).toBe(MASK);
    expect((await api('GET', '/v1/endpoints/ep_00000000000000000000000000/credentials')).status).toBe(404);
  });

  it('a PATCH that sends masked values back keeps the stored ones; new values replace them', async () => {
    const created = await createEndpoint({ url: secretUrl(), headers: secretHeaders() });
    const shown = (await api('GET', `/v1/endpoints/${created.id}`)).body;
    // Send the masked answer back, with one header added and the path changed.
    const changedUrl = shown.url.replace('/hooks?', '/hooks/v2?');
    const patched = await api('PATCH', `/v1/endpoints/${created.id}`, { url: changedUrl, headers: { ...shown.headers, 'X-Added': 'added-value' } });
    expect(patched.status).toBe(200);
    expect(patched.body.headers).toEqual({ Authorization: MASK, 'X-Tenant': MASK, 'X-Added': MASK });
    let revealed = (await api('GET', `/v1/endpoints/${created.id}/credentials`)).body;
    expect(revealed.headers).toEqual({ ...secretHeaders(), 'X-Added': 'added-value' });
    expect(revealed.url).toBe(secretUrl().replace('/hooks?', '/hooks/v2?'));

    // A new value replaces, a header left out is removed.
    await api('PATCH', `/v1/endpoints/${created.id}`, { headers: { Authorization: 'Bearer rotated-value', 'X-Tenant': MASK } });
    revealed = (await api('GET', `/v1/endpoints/${created.id}/credentials`)).body;
    expect(revealed.headers).toEqual({ Authorization: 'Bearer rotated-value', 'X-Tenant': SECRETS.tenant });
    expectNoSecret(await storedRow(created.id), 'the row after PATCH');
    expect(await storedRow(created.id)).not.toContain('rotated-value');

    // A mask with nothing stored behind it is refused, naming the field.
    const orphan = await api('PATCH', `/v1/endpoints/${created.id}`, { headers: { 'X-Unknown': MASK } });
    expect(orphan.status).toBe(400);
    expect(orphan.body.errors[0].field).toBe('headers.X-Unknown');
    const orphanUrl = await api('PATCH', `/v1/endpoints/${created.id}`, { url: `https://example.com/?apikey=${MASK}` });
    expect(orphanUrl.status).toBe(400);
    expect(orphanUrl.body.errors[0].field).toBe('url');
  });

  it('rows written in clear by an earlier version are sealed once at start-up, and still deliver', async () => {
    const created = await createEndpoint({ url: receiver.url });
    const run = (await api('POST', '/v1/task-runs', { endpointId: created.id, payload: { before: true } })).body;
    expect((await runUntilFinal(run.id)).status).toBe('success');
    // As an earlier version stored them: everything in clear, on the endpoint and its attempts.
    await db.query(`UPDATE "Endpoint" SET url = $1, "sealedUrl" = NULL, headers = $2::jsonb WHERE id = $3`, [
      secretUrl(), JSON.stringify(secretHeaders()), created.id,
    ]);
    await db.query(`UPDATE "DeliveryAttempt" SET "requestUrl" = $1 WHERE "taskRunId" = $2`, [secretUrl(), run.id]);

    const prisma = createDb(inject('databaseUrl'));
    const box = createSecretBox(parseSecretKey(inject('secretKey')));
    try {
      // What startApiServer runs before listening; a second run finds nothing left to do.
      expect(await sealLegacyEndpointCredentials(prisma, box)).toBeGreaterThanOrEqual(1);
      expect(await sealLegacyEndpointCredentials(prisma, box)).toBe(0);
    } finally {
      await prisma.$disconnect();
    }
    expectNoSecret(await storedRow(created.id), 'the sealed row');
    const attempts = await db.query(`SELECT "requestUrl" FROM "DeliveryAttempt" WHERE "taskRunId" = $1`, [run.id]);
    expectNoSecret(attempts.rows[0].requestUrl, 'the old attempt');
    expect((await api('GET', `/v1/endpoints/${created.id}/credentials`)).body).toEqual({ url: secretUrl(), headers: secretHeaders(), destination: null });

    const after = (await api('POST', '/v1/task-runs', { endpointId: created.id, payload: { after: true } })).body;
    expect((await runUntilFinal(after.id)).status).toBe('success');
    const delivered = receiver.requests.at(-1)!;
    expect(delivered.headers.authorization).toBe(`Bearer ${SECRETS.bearer}`);
    expect(delivered.path).toBe(`/hooks?token=${SECRETS.token}&page=2`);
  });
});

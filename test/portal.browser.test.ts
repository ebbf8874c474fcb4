// The consumer portal in a real browser (Debian's Chromium via playwright-core) against the real stack:
// opened from a portal session's URL alone, it lists only its tenant's endpoints, creates one with event
// types from the catalog, sends a test event and shows its attempt, replays a dead letter, works framed
// by another origin, and tells the user when the session has expired.
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, runUntilFinal, sleep, waitFor } from './helpers/api';
import { launchChromium, screenshot, type ConsoleBrowser } from './helpers/browser';
import { createEndpoint } from './helpers/endpoints';
import { respondInSequence, respondWith, startReceiver, type Receiver } from './helpers/receiver';
import { createTenant } from './helpers/tenants';

let browser: ConsoleBrowser;
let page: Page;
const receivers: Receiver[] = [];
const catalogType = `invoice.paid_${Math.random().toString(36).slice(2, 8)}`;
let tenantId: string;
let otherEndpointId: string;
let ownEndpointId: string;
let deadLetterId: string;

async function receiver(respond = respondWith(200)) {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

async function portalSession(body: Record<string, unknown> = {}) {
  const res = await api('POST', `/v1/tenants/${tenantId}/portal-sessions`, body);
  expect(res.status).toBe(201);
  return res.body as { url: string; token: string; expiresAt: string };
}

beforeAll(async () => {
  tenantId = (await createTenant('Acme portal')).id;
  const other = await createTenant('Someone else');
  otherEndpointId = (await createEndpoint({ url: (await receiver()).url, tenantId: other.id, description: 'not yours' })).id;
  await api('POST', '/v1/event-types', { name: catalogType, description: 'An invoice was paid', example: { amount: 1 } });
  // One of the tenant's endpoints fails permanently once (400), then accepts: its dead letter can be replayed.
  const flaky = await receiver(respondInSequence(400, 200));
  ownEndpointId = (await createEndpoint({ url: flaky.url, tenantId, description: 'billing hook' })).id;
  const run = (await api('POST', '/v1/task-runs', { endpointId: ownEndpointId, payload: { invoice: 'inv_1' } })).body;
  await runUntilFinal(run.id);
  deadLetterId = (await waitFor(() => api('GET', `/v1/dead-letters?taskRunId=${run.id}`), (r) => r.body.data.length === 1)).body.data[0].id;
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  for (const r of receivers) await r.close();
});

describe('consumer portal', () => {
  it('opened from a session URL alone, lists only its tenant\'s endpoints, with id and URL', async () => {
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    const session = await portalSession();
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/portal\/#token=ek_/);
    const response = await page.goto(session.url);
    expect(response?.headers()['content-security-policy']).toContain('frame-ancestors *');
    expect(response?.headers()['x-frame-options']).toBeUndefined();
    const row = page.locator(`tr[data-endpoint="${ownEndpointId}"]`);
    await row.waitFor();
    await expect(row.locator('.endpoint-url').textContent()).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(await page.locator('tr[data-endpoint]').count()).toBe(1);
    expect(await page.content()).not.toContain(otherEndpointId);
    // The token left the address bar at once; nothing came from another origin.
    expect(page.url()).not.toContain('token');
    expect(requested.filter((u) => !u.startsWith(inject('apiUrl') + '/'))).toEqual([]);
    await screenshot(page, 'portal-endpoints');
  });

  it('creates an endpoint with event types from the catalog; it belongs to the tenant', async () => {
    const target = await receiver();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByLabel('Endpoint URL').fill(target.url);
    await page.getByLabel('Description').fill('orders hook');
    const typeBox = page.getByRole('checkbox', { name: new RegExp(catalogType) });
    await typeBox.check();
    await screenshot(page, 'portal-new-endpoint');
    await page.getByRole('button', { name: 'Create endpoint' }).click();
    const secret = await page.locator('#new-secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    const listed = await api('GET', `/v1/endpoints?tenantId=${tenantId}`);
    const created = listed.body.data.find((e: { description: string }) => e.description === 'orders hook');
    expect(created).toMatchObject({ tenantId, eventTypes: [catalogType], url: target.url });
    await page.locator(`tr[data-endpoint="${created.id}"]`).waitFor();
  });

  it('sends a test event and shows its attempt', async () => {
    const row = page.locator('tr[data-endpoint]', { hasText: 'orders hook' });
    await row.getByRole('button', { name: 'Send test event' }).click();
    const attempts = page.locator('#run-attempts[data-status="success"]');
    await attempts.waitFor();
    await expect(attempts.locator('[data-attempt="1"]').textContent()).resolves.toContain('HTTP 200');
    await screenshot(page, 'portal-test-event');
  });

  it('replays a dead letter to success', async () => {
    const row = page.locator(`tr[data-dead-letter="${deadLetterId}"]`);
    await row.getByRole('button', { name: 'Replay' }).click();
    await page.getByText(`Replayed ${deadLetterId}`).waitFor();
    await page.locator('#run-attempts[data-status="success"]').waitFor();
    const dl = await api('GET', `/v1/dead-letters/${deadLetterId}`);
    expect(dl.body.status).toBe('replayed');
    await screenshot(page, 'portal-replayed');
  });

  it('works inside an iframe of another origin', async () => {
    const session = await portalSession({ readOnly: true });
    const host: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>Customer app</title><h1>Customer app</h1><iframe id="portal" src="${session.url}" width="1100" height="700"></iframe>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const port = (host.address() as { port: number }).port;
      const framed = await browser.context.newPage();
      await framed.goto(`http://localhost:${port}/`);
      const frame = framed.frameLocator('#portal');
      await frame.locator(`tr[data-endpoint="${ownEndpointId}"]`).waitFor();
      // Read-only: no write controls.
      expect(await frame.getByRole('button', { name: 'Add endpoint' }).count()).toBe(0);
      await screenshot(framed, 'portal-embedded');
      await framed.close();
    } finally {
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  it('says so once the session has expired, and its token gets 401', async () => {
    const session = await portalSession({ expiresInSeconds: 1 });
    const fresh = await api('GET', '/v1/endpoints', undefined, session.token);
    expect(fresh.status).toBe(200);
    await sleep(1500);
    expect((await api('GET', '/v1/endpoints', undefined, session.token)).status).toBe(401);
    const expired = await browser.context.newPage();
    await expired.goto(session.url);
    await expired.getByText('This portal session has expired').waitFor();
    await screenshot(expired, 'portal-expired');
    await expired.close();
  });
});

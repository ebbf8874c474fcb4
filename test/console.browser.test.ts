// The web console in a real browser (Debian's Chromium via playwright-core) against the real stack:
// key entry, a dead letter from a failing receiver replayed from the console to success, bulk replay
// with its dry-run count, endpoints, schedules, problem+json errors, and a wrong key.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, runUntilFinal, waitFor } from './helpers/api';
import { launchChromium, screenshot, type ConsoleBrowser } from './helpers/browser';
import { createRun, deadLetterOf, fastPolicy, openDeadLetterIds } from './helpers/dead-letters';
import { createEndpoint, endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

// With API keys (test/global-setup.ts provides the bootstrap key as `apiKey`), the console must be
// given that key and a wrong one is refused. Before API keys exist, any key passes and no 401 can happen.
const providedKey = (inject as unknown as (name: string) => string | undefined)('apiKey');
const authEnabled = typeof providedKey === 'string' && providedKey.length > 0;
const consoleKey = providedKey ?? 'console-test-key';

// Without the rotate route the API answers "No route"; with it, an unknown endpoint is "Endpoint not found".
const rotateProbe = await api('POST', '/v1/endpoints/ep_probe/secret/rotate', {});
const rotateRouteExists = rotateProbe.body?.title === 'Endpoint not found';

let browser: ConsoleBrowser;
let page: Page;
const receivers: Receiver[] = [];
const consoleUrl = (hash = '') => `${inject('apiUrl')}/console/${hash}`;

async function receiverAnswering(status: number) {
  const r = await startReceiver(respondWith(status));
  receivers.push(r);
  return r;
}

// Browser-side code: the test's TypeScript has no DOM types.
const storedKey = () => (globalThis as any).sessionStorage.getItem('edgecron.apiKey') as string | null;

/** Goes to a console page without reloading the app, as a click on a link would. */
async function open(hash: string) {
  await page.evaluate((h) => ((globalThis as any).location.hash = h), hash);
  await page.locator('main h1').first().waitFor();
}

beforeAll(async () => {
  browser = await launchChromium();
  console.log(`[console test] driving ${browser.executablePath}`);
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  for (const r of receivers) await r.close();
});

describe('web console', () => {
  it('asks for the API key once, by keyboard, keeps it for the tab, and shows the overview', async () => {
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    await page.goto(`${inject('apiUrl')}/console`);
    expect(page.url().startsWith(consoleUrl())).toBe(true); // /console redirects to /console/
    await expect(page.getByRole('heading', { name: 'Enter your API key' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'key-entry');
    await page.getByLabel('API key', { exact: true }).focus();
    await page.keyboard.type(consoleKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.evaluate(storedKey)).toBe(consoleKey);
    // A reload in the same tab does not ask again.
    await page.reload();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.locator('#key-gate').isHidden()).toBe(true);
    // Every script, style and call came from the API itself: nothing from a CDN.
    expect(requested.some((u) => u.endsWith('/console/pages/task-run.js'))).toBe(true);
    expect(requested.filter((u) => !u.startsWith(inject('apiUrl') + '/'))).toEqual([]);
  });

  it('lists page with the API\'s cursors: Next and Previous without reloading', async () => {
    for (let i = 0; i < 21; i++) await createEndpoint({ url: `http://127.0.0.1:9/page-${i}`, description: `page ${i}` });
    await open('#/endpoints');
    const ids = () => page.locator('tr[data-endpoint]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-endpoint')!));
    await page.locator('tr[data-endpoint]').nth(19).waitFor();
    const first = await ids();
    expect(first).toHaveLength(20);
    expect(await page.locator('tr[data-endpoint]').first().textContent()).toContain('page 20'); // newest first
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(/^Page 2/).waitFor();
    const second = await ids();
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((id) => id < first[first.length - 1])).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText(/^Page 1/).waitFor();
    expect(await ids()).toEqual(first);
  });

  it('finds a dead letter made by a failing receiver, replays it after the receiver recovers, and the run turns success', async () => {
    const receiver = await receiverAnswering(500);
    const policy = await fastPolicy(2);
    const endpoint = await endpointFor(receiver, { retryPolicyId: policy.id, headers: { Authorization: 'Bearer super-secret-receiver-token' } });
    const { run, deadLetter } = await deadLetterOf(endpoint.id, { order: 'ord_console_1', lines: [{ sku: 'A', qty: 2 }] });
    receiver.respond = respondWith(200);

    await open('#/dead-letters');
    await page.getByLabel('Endpoint id').fill(endpoint.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.locator(`tr[data-dead-letter="${deadLetter.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('attempts_exhausted');
    await screenshot(page, 'dead-letters');

    // The original run: two failed attempts with their status code, decision and reason; masked headers; payload.
    await open(`#/task-runs/${run.id}`);
    await page.locator('#run-status[data-status="dead_letter"]').waitFor();
    const attempts = page.locator('.timeline li');
    expect(await attempts.count()).toBe(2);
    expect(await attempts.nth(0).textContent()).toContain('HTTP 500');
    expect(await attempts.nth(1).textContent()).toMatch(/Decision: dead_letter/);
    const text = await page.locator('main').textContent();
    expect(text).not.toContain('super-secret-receiver-token');
    expect(text).not.toContain('Bear'); // not even the first characters: custom header values are hidden
    expect(text).toContain('Authorization•••••••• (hidden)');
    expect(text).toContain(run.webhookId);
    expect(await page.locator('pre').textContent()).toContain('"sku": "A"');
    expect(await page.getByRole('link', { name: run.workflowId }).getAttribute('href')).toBe(run.temporalUrl);
    await screenshot(page, 'task-run-dead-letter');

    // Replay from the dead letter list, as an operator would, and follow the new run to success.
    await open('#/dead-letters');
    await page.getByLabel('Endpoint id').fill(endpoint.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: `Replay dead letter ${deadLetter.id}` }).click();
    await page.waitForFunction((old) => /^#\/task-runs\/run_/.test((globalThis as any).location.hash) && !(globalThis as any).location.hash.endsWith(old), run.id);
    const replayRunId = (await page.evaluate(() => (globalThis as any).location.hash as string)).split('/').pop()!;
    await page.locator('#run-status[data-status="success"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.timeline li').first().textContent()).toContain('HTTP 200');
    await screenshot(page, 'task-run');

    const replayed = await api('GET', `/v1/task-runs/${replayRunId}`);
    expect(replayed.body).toMatchObject({ status: 'success', replayOfId: run.id, webhookId: run.webhookId });
    expect((await api('GET', `/v1/dead-letters/${deadLetter.id}`)).body).toMatchObject({ status: 'replayed', replayTaskRunId: replayRunId });
    expect(receiver.requests.at(-1)!.signatureValid).toBe(true);
  });

  it('bulk replay by the current filter shows the dry-run count and replays only after confirming', async () => {
    const receiver = await receiverAnswering(503);
    const policy = await fastPolicy(2);
    const endpoint = await endpointFor(receiver, { retryPolicyId: policy.id });
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push((await deadLetterOf(endpoint.id, { n: i })).run);
    receiver.respond = respondWith(204);

    await open('#/dead-letters');
    await page.getByLabel('Endpoint id').fill(endpoint.id);
    await page.getByLabel('Time window').selectOption({ label: 'Last hour' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('tr[data-dead-letter]').nth(2).waitFor();

    // First time: read the count, then cancel; nothing is replayed.
    await page.getByRole('button', { name: 'Replay all matching…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay matching dead letters?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Dry run: 3 open dead letters match this filter');
    await screenshot(page, 'bulk-replay-confirm');
    await page.keyboard.press('Escape');
    await page.getByText('Bulk replay cancelled; nothing was replayed.').waitFor();
    expect(await openDeadLetterIds(endpoint.id)).toHaveLength(3);

    // Second time: confirm, and all three are replayed and delivered.
    await page.getByRole('button', { name: 'Replay all matching…' }).click();
    await dialog.getByRole('button', { name: 'Replay 3' }).click();
    await page.getByText(/Bulk replay dlr_\w+ started for 3 dead letters/).waitFor();
    await waitFor(() => openDeadLetterIds(endpoint.id), (ids) => ids.length === 0, 30_000);
    const replays = await waitFor(
      () => api('GET', `/v1/task-runs?endpointId=${endpoint.id}&status=success&limit=100`),
      (r) => r.body.data.length === 3,
      30_000,
    );
    expect(replays.body.data.map((r: any) => r.replayOfId).sort()).toEqual(runs.map((r) => r.id).sort());
  });

  it('filters dead letters by event type and links a run to its event', async () => {
    const receiver = await receiverAnswering(404);
    const endpoint = await endpointFor(receiver, { eventTypes: ['console.order.*'] });
    const published = await api('POST', '/v1/events', { type: 'console.order.refused', payload: { order: 'ord_evt' } });
    expect(published.status).toBe(202);
    const eventId = published.body.id;
    await waitFor(() => api('GET', `/v1/dead-letters?endpointId=${endpoint.id}`), (r) => r.body.data.length === 1, 20_000);
    await deadLetterOf(endpoint.id); // a direct run: no event, so the event type filter leaves it out

    await open('#/dead-letters');
    await page.getByLabel('Endpoint id').fill(endpoint.id);
    await page.getByLabel('Event type').fill('console.order.refused');
    await page.getByLabel('Reason').selectOption('permanent_failure');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('tr[data-dead-letter]').length === 1);
    const taskRunId = await page.locator('tr[data-dead-letter]').getAttribute('data-task-run');
    await page.getByRole('link', { name: taskRunId!, exact: true }).click();
    await page.getByRole('link', { name: eventId, exact: true }).click();
    await page.getByRole('heading', { name: `Event ${eventId}` }).waitFor();
    expect(await page.locator('main').textContent()).toContain('console.order.refused');
    await page.getByRole('link', { name: taskRunId!, exact: true }).waitFor();
    await screenshot(page, 'event');
  });

  it('endpoints: list, detail with success rate and recent attempts, pause and resume', async () => {
    const receiver = await receiverAnswering(200);
    const endpoint = await endpointFor(receiver, { description: 'console endpoint', headers: { 'X-Api-Key': 'abcd1234efgh5678', 'X-Tenant': 'acme' } });
    const run = await createRun(endpoint.id, { hello: 'console' });
    expect((await runUntilFinal(run.id)).status).toBe('success');

    await open('#/endpoints');
    await page.locator(`tr[data-endpoint="${endpoint.id}"]`).waitFor();
    await screenshot(page, 'endpoints');
    await page.getByRole('link', { name: endpoint.id, exact: true }).first().click();
    await page.locator('#success-rate').waitFor();
    expect(await page.locator('#success-rate').textContent()).toBe('100.0%');
    const text = await page.locator('main').textContent();
    // Every custom header value is sealed and masked, credential-like or not; the names stay.
    expect(text).toContain('X-Tenant');
    expect(text).not.toContain('acme');
    expect(text).not.toContain('abcd1234efgh5678');
    expect(text).toContain(run.id);
    expect(text).toContain('success · HTTP 200');
    await screenshot(page, 'endpoint');

    await page.getByRole('button', { name: `Pause endpoint ${endpoint.id}` }).click();
    await page.locator('#endpoint-status[data-status="paused"]').waitFor();
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).body.status).toBe('paused');
    await page.getByRole('button', { name: `Resume endpoint ${endpoint.id}` }).click();
    await page.locator('#endpoint-status[data-status="active"]').waitFor();
    expect((await api('GET', `/v1/endpoints/${endpoint.id}`)).body.status).toBe('active');
  });

  it('the endpoint page shows its flow limits and circuit state', async () => {
    const receiver = await receiverAnswering(200);
    const endpoint = await endpointFor(receiver, { maxConcurrency: 3, rateLimitPerSecond: 7, circuitBreaker: { consecutiveFailures: 5, probeIntervalMs: 10_000 } });
    await open(`#/endpoints/${endpoint.id}`);
    expect(await page.locator('#flow-max-concurrency').textContent()).toBe('3 calls at once');
    expect(await page.locator('#flow-rate-limit').textContent()).toBe('7 calls/s');
    expect(await page.locator('#circuit-state').getAttribute('data-state')).toBe('closed');
    expect(await page.getByRole('region', { name: 'Flow control' }).textContent()).toContain('opens after 5 failed calls in a row; probes every 10 s');
  });

  // POST /v1/endpoints/:id/secret/rotate comes with API keys and secret rotation (another change);
  // the test runs once that route answers for a real endpoint.
  it.runIf(rotateRouteExists)('rotates an endpoint secret after confirming and shows the new one once', async () => {
    const receiver = await receiverAnswering(200);
    const endpoint = await endpointFor(receiver);
    await open(`#/endpoints/${endpoint.id}`);
    await page.getByRole('button', { name: 'Rotate secret…' }).click();
    await page.getByRole('dialog', { name: 'Rotate signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
    const secret = await page.locator('#new-secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(endpoint.secret);
    await screenshot(page, 'endpoint-secret-rotated');
    // Shown once: a refresh of the page does not show it again.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('#new-secret').waitFor({ state: 'detached' });
    // New deliveries verify with the new secret, as the receiver would check them.
    receiver.secret = secret!;
    const run = await createRun(endpoint.id);
    expect((await runUntilFinal(run.id)).status).toBe('success');
    expect(receiver.requests.at(-1)!.signatureValid).toBe(true);
  });

  it('schedules: the next five fire times in the schedule\'s own time zone, pause, resume and trigger now', async () => {
    const receiver = await receiverAnswering(200);
    const endpoint = await endpointFor(receiver);
    const created = await api('POST', '/v1/schedules', { endpointId: endpoint.id, cron: '30 9 * * *', timezone: 'Asia/Tokyo', payload: { job: 'digest' } });
    expect(created.status).toBe(201);
    const id = created.body.id;

    await open('#/schedules');
    const row = page.locator(`tr[data-schedule="${id}"]`);
    await row.waitFor();
    const times = row.getByRole('list', { name: 'Next fire times in Asia/Tokyo' }).getByRole('listitem');
    expect(await times.count()).toBe(5);
    for (const t of await times.allTextContents()) expect(t).toMatch(/ 09:30:00 GMT\+9$/);
    await screenshot(page, 'schedules');

    await row.getByRole('button', { name: `Pause schedule ${id}` }).click();
    await page.getByText(`Schedule ${id} is now paused.`).waitFor();
    expect((await api('GET', `/v1/schedules/${id}`)).body.paused).toBe(true);
    await page.getByRole('button', { name: `Resume schedule ${id}` }).click();
    await page.getByText(`Schedule ${id} is now active.`).waitFor();

    await page.getByRole('button', { name: `Trigger schedule ${id} now` }).click();
    await page.getByText(new RegExp(`Schedule ${id} triggered at`)).waitFor();
    const runs = await waitFor(() => api('GET', `/v1/schedules/${id}/runs`), (r) => r.body.data.length === 1, 20_000);
    expect(runs.body.data[0].scheduleId).toBe(id);
    await api('DELETE', `/v1/schedules/${id}`);
  });

  it('audit log: the changes made to an endpoint, with the key that made them, filtered by resource', async () => {
    const endpoint = await createEndpoint({ url: 'https://example.com/console-audit', description: 'audited' });
    await api('PATCH', `/v1/endpoints/${endpoint.id}`, { description: 'desc-value-7a1', timeoutMs: 2000 });
    await api('POST', `/v1/endpoints/${endpoint.id}/pause`);

    await open('#/audit');
    await page.getByLabel('Resource id').fill(endpoint.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rows = page.getByRole('table', { name: 'Audit events, newest first' }).locator('tbody tr');
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('tr[data-audit-event]').length === 3);
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain('endpoint.pause');
    expect(texts[1]).toContain('endpoint.update');
    expect(texts[1]).toContain('description, timeoutMs');
    expect(texts[2]).toContain('endpoint.create');
    for (const t of texts) expect(t).toContain('bootstrap');
    expect(await page.locator('main').textContent()).not.toContain('desc-value-7a1'); // field names, never values
    await screenshot(page, 'audit-log');
  });

  it('sources: the list flags unverified sources and shows ingest URLs; a source shows its recent requests', async () => {
    const open_ = (await api('POST', '/v1/sources', { name: 'console-open', verification: { type: 'none' }, eventTypePrefix: 'console.', eventType: { value: 'hit' } })).body;
    const github = (await api('POST', '/v1/sources', { name: 'console-github', verification: { type: 'github', secret: 'console-gh-secret' } })).body;
    const post = (id: string, headers: Record<string, string>) => fetch(`${inject('apiUrl')}/in/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect((await post(open_.id, {})).status).toBe(202);
    expect((await post(github.id, { 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=00' })).status).toBe(401);

    await open('#/sources');
    const row = (id: string) => page.locator(`tr[data-source="${id}"]`);
    await row(github.id).waitFor();
    expect(await row(open_.id).textContent()).toContain('unverified');
    expect(await row(open_.id).textContent()).toContain(open_.ingestUrl);
    expect(await row(github.id).textContent()).toContain('github');
    expect(await row(github.id).textContent()).not.toContain('unverified');

    await open(`#/sources/${github.id}`);
    const requests = page.getByRole('table', { name: 'Requests, newest first' }).locator('tbody tr');
    await requests.first().waitFor();
    const text = await requests.first().textContent();
    expect(text).toContain('rejected');
    expect(text).toContain('signature does not match');
    await screenshot(page, 'source');
  });

  it('shows the API\'s problem title and detail when a call fails', async () => {
    await open('#/task-runs/run_doesnotexist');
    const alert = page.getByRole('alert').filter({ hasText: 'Task run not found' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('No task run with id run_doesnotexist.');
    await screenshot(page, 'problem');
  });

  it('the overview counts task runs per status and charts deliveries per minute', async () => {
    const stats = (await api('GET', '/v1/stats/overview')).body;
    await open('#/overview');
    const lastHour = page.getByRole('region', { name: 'Task runs, last hour' });
    await lastHour.waitFor();
    const shown = Number(await lastHour.locator('dd[data-status="dead_letter"]').textContent());
    expect(shown).toBeGreaterThanOrEqual(stats.taskRuns.lastHour.dead_letter);
    expect(shown).toBeGreaterThanOrEqual(4);
    expect(await page.getByRole('img', { name: /Delivery attempts per minute over the last hour/ }).count()).toBe(1);
    // With Temporal up the backlog drains at once: the card shows the API's figure, 0 here.
    const waiting = page.getByRole('region', { name: 'Waiting for the workflow engine' });
    expect(await waiting.locator('dd[data-dispatch="backlog"]').textContent()).toBe(String(stats.dispatch.backlog));
    expect(await page.getByRole('table', { name: /highest failure rate/ }).locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'overview');
  });

  // Needs API keys (another change): without them any key is accepted and no 401 can happen.
  it.runIf(authEnabled)('a wrong key shows the 401 problem and is not kept', async () => {
    const fresh = await browser.context.newPage(); // a new tab: its own session storage
    try {
      await fresh.goto(consoleUrl('#/dead-letters'));
      await fresh.getByLabel('API key', { exact: true }).fill('ec_wrong_key_123');
      await fresh.getByRole('button', { name: 'Use key' }).click();
      const alert = fresh.locator('#key-error [role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Unauthorized');
      expect(await alert.textContent()).toContain('A valid API key is required');
      expect(await fresh.locator('#key-gate').isVisible()).toBe(true);
      expect(await fresh.evaluate(storedKey)).toBeNull();
      await screenshot(fresh, 'wrong-key');
    } finally {
      await fresh.close();
    }
  });
});

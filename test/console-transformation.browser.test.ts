// The console's transformation card in a real browser against the real stack: an endpoint's code is
// shown, and the test call runs it on a recent run's payload, showing the result and console.log lines.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, runUntilFinal } from './helpers/api';
import { launchChromium, type ConsoleBrowser } from './helpers/browser';
import { endpointFor } from './helpers/endpoints';
import { respondWith, startReceiver, type Receiver } from './helpers/receiver';

const CODE = 'function handler(w) {\n  console.log("shaping " + w.payload.order);\n  w.payload = { id: w.payload.order, shaped: true };\n  return w;\n}';

let browser: ConsoleBrowser;
let page: Page;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver(respondWith(200));
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${inject('apiUrl')}/console/`);
  await page.evaluate((key) => (globalThis as any).sessionStorage.setItem('edgecron.apiKey', key), inject('apiKey'));
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

describe('console: an endpoint transformation', () => {
  it('shows the code and tests it on a recent run\'s payload', async () => {
    const endpoint = await endpointFor(receiver, { transformation: { code: CODE } });
    const created = await api('POST', '/v1/task-runs', { endpointId: endpoint.id, payload: { order: 'ord_console_t1' } });
    expect((await runUntilFinal(created.body.id)).status).toBe('success');

    await page.goto(`${inject('apiUrl')}/console/#/endpoints/${endpoint.id}`);
    await page.locator('#transformation-code').waitFor();
    expect(await page.locator('#transformation-code').textContent()).toBe(CODE);
    await page.getByRole('button', { name: 'Test on this run\'s payload' }).click();
    await page.locator('#transformation-test-result').waitFor();
    expect(JSON.parse((await page.locator('#transformation-test-result').textContent())!)).toMatchObject({ payload: { id: 'ord_console_t1', shaped: true }, cancel: false });
    expect(await page.locator('#transformation-test-logs').textContent()).toBe('shaping ord_console_t1');
  });
});

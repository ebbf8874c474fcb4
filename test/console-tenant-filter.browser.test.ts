// The operator console's tenant filter, in Chromium against the real stack: choosing a tenant in the
// header narrows the endpoint list to that tenant's endpoints; "All tenants" shows everyone's again.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, screenshot, type ConsoleBrowser } from './helpers/browser';
import { createEndpoint } from './helpers/endpoints';
import { createTenant } from './helpers/tenants';

let browser: ConsoleBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => browser?.close());

describe('console tenant filter', () => {
  it('narrows lists to the chosen tenant', async () => {
    const [a, b] = [await createTenant('Filter A', `filter-a-${Date.now()}`), await createTenant('Filter B')];
    const epA = await createEndpoint({ url: 'http://127.0.0.1:9/a', tenantId: a.id });
    const epB = await createEndpoint({ url: 'http://127.0.0.1:9/b', tenantId: b.id });
    await page.goto(`${inject('apiUrl')}/console/#/endpoints`);
    await page.getByLabel('API key', { exact: true }).fill(inject('apiKey'));
    await page.keyboard.press('Enter');
    const filter = page.getByLabel('Tenant', { exact: true });
    await page.locator(`tr[data-endpoint="${epB.id}"]`).waitFor();
    await filter.selectOption(a.id);
    await page.locator(`tr[data-endpoint="${epA.id}"]`).waitFor();
    const shown = await page.locator('tr[data-endpoint]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-endpoint')));
    expect(shown).toEqual([epA.id]);
    await screenshot(page, 'console-tenant-filter');
    await filter.selectOption('');
    await page.locator(`tr[data-endpoint="${epB.id}"]`).waitFor();
  });
});

// Chromium driven by playwright-core (no browser download; see chromium-path.ts for which one): a fresh
// profile per run, and screenshots under test-results/screenshots/ for CI to keep.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from './chromium-path';

export const SCREENSHOT_DIR = resolve('test-results/screenshots');

export interface ConsoleBrowser {
  context: BrowserContext;
  /** The browser binary launched, for the test log. */
  executablePath: string;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<ConsoleBrowser> {
  const executablePath = findChromium();
  const profile = await mkdtemp(join(tmpdir(), 'edgecron-chromium-'));
  // launchPersistentContext passes the fresh profile as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    executablePath,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import config from '../../playwright.config';
import type { Scope } from './scope';

/**
 * Debian's Chromium with exactly the launch options the e2e tests use (playwright.config.ts), so a
 * figure here and a test there see the same browser. Closed when `scope` closes.
 */
export async function launchBrowser(scope: Scope): Promise<Browser> {
  const browser = await chromium.launch({ ...config.use?.launchOptions, headless: true });
  scope.defer(() => browser.close());
  return browser;
}

/** A fresh context (empty cache, no cookies) with the e2e tests' viewport, locale and time zone. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: config.use?.viewport ?? null,
    locale: config.use?.locale,
    timezoneId: config.use?.timezoneId,
  });
}

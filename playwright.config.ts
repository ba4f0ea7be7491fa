import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive the real UI in Debian's Chromium against `balai serve` on a temp data folder
 * (each test file starts its own host: see tests/e2e/fixtures.ts). Electron launch tests live in
 * tests/electron and skip, saying why, when no Electron binary is installed.
 */
export default defineConfig({
  testDir: './tests',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  // The CLI the tests spawn, built from the current sources (the UI comes from `npm run build`).
  globalSetup: './tests/global-setup.ts',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});

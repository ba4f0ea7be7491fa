import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

// Launches the built shell (package.json "main" → out/main/index.js) in a real Electron, windowed, with its
// own userData folder. Electron's binary cannot be downloaded on the development machines: then every test
// here skips and says why. The binary is found through electron's path.txt, never by require('electron'),
// which would try to download it.

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'out', 'main', 'index.js');

function findElectron(): { executable: string } | { missing: string } {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing: `no Electron binary: ${pathFile} is absent (the download from GitHub is not possible here)`,
    };
  }
  const executable = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(executable)) return { missing: `no Electron binary: ${executable} does not exist` };
  return { executable };
}

/** The page's globals, as far as these tests look at them (this tsconfig has no DOM types). */
interface PageGlobals {
  balai?: { call(method: string, args: unknown): Promise<unknown> };
  require?: unknown;
  process?: unknown;
  open(url: string): unknown;
  location: { href: string };
}

const found = findElectron();
const skipReason = 'missing' in found ? found.missing : '';
if (skipReason) console.log(`tests/electron/launch.spec.ts skipped: ${skipReason}`);

test.describe('the Electron shell', () => {
  test.skip(skipReason !== '', skipReason);

  let userData: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
    if (!('executable' in found)) return;
    userData = mkdtempSync(join(tmpdir(), 'balai-electron-'));
    // The repo root, so Electron reads package.json (name, version, "main") as the packaged app would.
    app = await electron.launch({
      executablePath: found.executable,
      args: [ROOT, '--windowed', `--user-data-dir=${userData}`],
      env: { ...process.env, BALAI_WINDOWED: '1', BALAI_USER_DATA_DIR: userData },
      cwd: ROOT,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('shows the app from balai://app with its own data folder', async () => {
    expect(page.url()).toMatch(/^balai:\/\/app\//);
    await expect(page).toHaveTitle(/Balai Belajar/);
    await expect(page.locator('#root')).not.toBeEmpty();
    expect(await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'))).toBe(userData);
    expect(existsSync(join(userData, 'balai.sqlite'))).toBe(true);
  });

  test('gives the page one bridge and no Node', async () => {
    const seen = await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return {
        bridge: Object.keys(page.balai ?? {}),
        require: typeof page.require,
        process: typeof page.process,
      };
    });
    expect(seen).toEqual({ bridge: ['call'], require: 'undefined', process: 'undefined' });
  });

  test('answers API calls over IPC with the electron shell', async () => {
    const result = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).balai?.call('system.info', {}),
    );
    expect(result).toMatchObject({ ok: true, value: { shell: 'electron' } });
  });

  test('sends the CSP and refuses escapes on balai://', async () => {
    const answer = await page.evaluate(async () => {
      const index = await fetch('balai://app/index.html');
      const escape = await fetch('balai://app/..%2f..%2fpackage.json');
      return { csp: index.headers.get('content-security-policy'), escape: escape.status };
    });
    expect(answer.csp).toContain("script-src 'self'");
    expect(answer.escape).toBeGreaterThanOrEqual(400);
  });

  test('serves SCOs on their own balai-sco:// scheme and refuses what is not a live launch', async () => {
    const answer = await app.evaluate(async ({ net, protocol }) => {
      const closed = await net.fetch(`balai-sco://${'a'.repeat(32)}/_balai/launch.html`);
      const notToken = await net.fetch('balai-sco://app/_balai/launch.html');
      return {
        handled: protocol.isProtocolHandled('balai-sco'),
        closed: closed.status,
        notToken: notToken.status,
      };
    });
    expect(answer).toEqual({ handled: true, closed: 410, notToken: 421 });
  });

  test('denies new windows and navigation away', async () => {
    const denied = await page.evaluate(
      () => (globalThis as unknown as PageGlobals).open('https://example.com/') === null,
    );
    expect(denied).toBe(true);
    expect(app.windows()).toHaveLength(1);
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^balai:\/\/app\//);
  });
});

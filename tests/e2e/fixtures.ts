import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Real hosts for browser tests: `balai serve` on a fresh temp data folder and a free port (`--port 0`),
 * started with the project's Node 22 first on PATH, stopped (and its folder removed) after the file.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const BALAI = join(ROOT, 'bin', 'balai.js');
const ENV = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
/** Assertions wait up to 10 s: the host shares the machine with the browser, and test machines are slow. */
export const expect = baseExpect.configure({ timeout: 10_000 });

export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export interface HostOptions {
  /** Idle logout after this many seconds (test-only host flag). */
  idleSeconds?: number;
  /** Length of the idle warning in seconds (test-only host flag). */
  warningSeconds?: number;
  /** Run `balai demo` on the folder first: a set-up village with learners (operator PIN 123456). */
  demo?: boolean | { learners: number };
  /**
   * Serve with `--drives DIR` on a fresh temp folder (`RunningHost.drivesDir`): each sub-folder made there
   * during a test is a plugged-in flashdisk; deleting it pulls the stick. A path instead shares another
   * host's sticks folder (a stick carried to a new PC); that folder is then left for its owner to remove.
   */
  drives?: boolean | string;
}

export interface RunningHost {
  url: string;
  dataDir: string;
  /** The folder whose sub-folders are the plugged-in sticks (`drives: true`), else null. */
  drivesDir: string | null;
  /** The demo village's recovery code (`demo`), else null. */
  recoveryCode: string | null;
  /** Stops this host and starts another on the same data folder (new port; sessions are gone). */
  restart(options?: HostOptions): Promise<void>;
  stop(): Promise<void>;
}

function requireBuiltUi(): void {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error(
      'The UI is not built (out/renderer/index.html is missing). Run "npm run build" before the browser tests ' +
        '("npm test" builds first).',
    );
  }
}

function serve(
  dataDir: string,
  options: HostOptions,
  drivesDir: string | null = null,
): Promise<{ child: ChildProcess; url: string }> {
  const args = [BALAI, 'serve', '--data', dataDir, '--port', '0', '--fast-hash'];
  if (drivesDir) args.push('--drives', drivesDir);
  if (options.idleSeconds !== undefined) args.push('--idle-seconds', String(options.idleSeconds));
  if (options.warningSeconds !== undefined) args.push('--warning-seconds', String(options.warningSeconds));
  const child = spawn('node', args, { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`balai serve did not print its URL within 30 s.\nstdout: ${out}\nstderr: ${err}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Balai Belajar: (http:\/\/\S+)/.exec(out);
      if (found) {
        clearTimeout(timer);
        resolvePromise({ child, url: found[1]! });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`balai serve exited (code ${code}) before it was ready.\nstdout: ${out}\nstderr: ${err}`),
      );
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

export async function startHost(options: HostOptions = {}): Promise<RunningHost> {
  requireBuiltUi();
  const dataDir = mkdtempSync(join(tmpdir(), 'balai-e2e-'));
  let recoveryCode: string | null = null;
  if (options.demo) {
    const count = typeof options.demo === 'object' ? ['--learners', String(options.demo.learners)] : [];
    const demo = spawnSync('node', [BALAI, 'demo', '--data', dataDir, '--fast-hash', '--json', ...count], {
      cwd: ROOT,
      env: ENV,
      encoding: 'utf8',
    });
    if (demo.status !== 0) throw new Error(`balai demo failed: ${demo.stderr}`);
    recoveryCode = (JSON.parse(demo.stdout) as { recoveryCode: string }).recoveryCode;
  }
  const ownDrives = options.drives === true;
  const drivesDir =
    typeof options.drives === 'string'
      ? options.drives
      : ownDrives
        ? mkdtempSync(join(tmpdir(), 'balai-e2e-sticks-'))
        : null;
  let current = await serve(dataDir, options, drivesDir);
  const host: RunningHost = {
    url: current.url,
    dataDir,
    drivesDir,
    recoveryCode,
    restart: async (next = {}) => {
      await stopChild(current.child);
      current = await serve(dataDir, next, drivesDir);
      host.url = current.url;
    },
    stop: async () => {
      await stopChild(current.child);
      rmSync(dataDir, { recursive: true, force: true });
      if (drivesDir && ownDrives) rmSync(drivesDir, { recursive: true, force: true });
    },
  };
  return host;
}

/** One host for the whole spec file: started before its first test, stopped after its last. */
export function hostForFile(options: HostOptions = {}): () => RunningHost {
  let host: RunningHost | undefined;
  test.beforeAll(async () => {
    host = await startHost(options);
  });
  test.afterAll(async () => {
    await host?.stop();
  });
  return () => {
    if (!host) throw new Error('the host is not running (beforeAll failed?)');
    return host;
  };
}

/** Axe (WCAG 2 A and AA): no serious or critical violations on what the page shows now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `accessibility problems on ${what}`).toEqual([]);
}

/**
 * Waits for a screen (`data-screen`), saves a 1366×768 screenshot of it, and runs axe the first time this
 * screen is seen in the file.
 */
export function screens(prefix: string) {
  let n = 0;
  const checked = new Set<string>();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return async (page: Page, name: string, label = name): Promise<void> => {
    await expect(page.locator(`[data-screen="${name}"]`)).toBeVisible();
    n += 1;
    await page.screenshot({
      path: join(SCREENSHOT_DIR, `${prefix}-${String(n).padStart(2, '0')}-${label}.png`),
    });
    if (!checked.has(label)) {
      checked.add(label);
      await expectAccessible(page, label);
    }
  };
}

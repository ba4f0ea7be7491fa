import { errors, type Browser } from '@playwright/test';
import { newContext } from './browser';
import type { SpawnedServer } from './process';
import { readRssKiB } from './rss';
import { Scope } from './scope';
import { median, since } from './stats';

/** The page loaded but never showed the element a cold start waits for. */
export class ReadyTimeout extends Error {}

export interface ColdStart {
  /** Spawn to the `ready` element being in the page, in ms. */
  ms: number;
  /** Spawn to the URL printed (the server listening), in ms. */
  urlMs: number;
  /** The server's RSS right after that, in KiB. */
  rssKiB: number;
}

/**
 * One cold start: a fresh browser context is made first (the browser is already running), then the
 * timer starts, the server is spawned, its printed URL opened, and the timer stops when `ready`
 * (a CSS selector) is attached. The server is stopped before this returns.
 */
export async function coldStartOnce(
  browser: Browser,
  start: (scope: Scope) => Promise<SpawnedServer>,
  ready: string,
  readyTimeoutMs = 15_000,
): Promise<ColdStart> {
  const scope = new Scope();
  try {
    const context = await newContext(browser);
    scope.defer(() => context.close());
    const page = await context.newPage();
    const t0 = performance.now();
    const server = await start(scope);
    const urlMs = since(t0);
    await page.goto(server.url, { waitUntil: 'commit', timeout: 30_000 });
    try {
      await page.waitForSelector(ready, { state: 'attached', timeout: readyTimeoutMs });
    } catch (error) {
      if (!(error instanceof errors.TimeoutError)) throw error;
      throw new ReadyTimeout(`"${ready}" not in the page after ${readyTimeoutMs} ms`);
    }
    const ms = since(t0);
    return { ms, urlMs, rssKiB: readRssKiB(server.pid) };
  } finally {
    await scope.close();
  }
}

/** `runs` timed cold starts after `warmUps` untimed ones (which only fill the OS file cache). */
export async function coldStarts(
  browser: Browser,
  start: (scope: Scope) => Promise<SpawnedServer>,
  ready: string,
  runs: number,
  warmUps = 1,
): Promise<ColdStart[]> {
  for (let i = 0; i < warmUps; i++) await coldStartOnce(browser, start, ready);
  const out: ColdStart[] = [];
  for (let i = 0; i < runs; i++) out.push(await coldStartOnce(browser, start, ready));
  return out;
}

/** Median spawn-to-URL (listening) time of some cold starts, in whole ms. */
export function listening(runs: readonly ColdStart[]): number {
  return Math.round(median(runs.map((r) => r.urlMs)));
}

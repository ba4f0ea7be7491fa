import type { Browser } from '@playwright/test';
import { ensureRendererBuilt, prepareDemo } from './balai';
import { launchBrowser } from './browser';
import { coldStarts, type ColdStart } from './coldstart';
import type { Figure } from './figure';
import type { Scope } from './scope';
import { spawnStaticServer } from './static-server';

/** Cold starts per measured server (median reported). */
export const COLD_START_RUNS = 5;

/** What a bench gets: its own clean-up scope, and things the whole run shares (made once, on first use). */
export interface BenchContext {
  /** Closed when this bench ends, pass or fail. */
  readonly scope: Scope;
  /** Prints a figure line now (so figures already measured survive a later failure in the same bench). */
  emit(figure: Figure): void;
  browser(): Promise<Browser>;
  /** out/renderer exists (built if it was missing). */
  rendererBuilt(): Promise<void>;
  /** A demo data folder made once per run. Do not let a server write into it: copy it first. */
  demoDataDir(): Promise<string>;
  /** The static-server baseline's cold starts (page rendered) and RSS, measured once per run. */
  staticBaseline(): Promise<ColdStart[]>;
}

/** A bench: one small file under bench/, producing the figures it names. */
export interface Bench {
  /** Short name to pick it on the command line (`npm run bench -- recorder`). */
  id: string;
  /** The figures it prints (a failed bench prints them with a null value). */
  figures: readonly { name: string; unit: string }[];
  /** Left out of the default run: runs only when named (`npm run bench -- national`). */
  onlyByName?: boolean;
  /** How long it may run before the watchdog stops it (default: the run's 30 minutes). */
  maxMs?: number;
  run(ctx: BenchContext): Promise<void>;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

/** The run-wide shared parts; `runScope` closes them at the end of the run. */
export function sharedParts(runScope: Scope): Omit<BenchContext, 'scope' | 'emit'> {
  const browser = once(() => launchBrowser(runScope));
  const rendererBuilt = once(ensureRendererBuilt);
  return {
    browser,
    rendererBuilt,
    demoDataDir: once(() => prepareDemo(runScope)),
    staticBaseline: once(async () =>
      coldStarts(await browser(), spawnStaticServer, '#root > *', COLD_START_RUNS),
    ),
  };
}

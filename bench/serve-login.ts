import { copyDataDir, spawnServe } from './lib/balai';
import { coldStartOnce, listening, ReadyTimeout, type ColdStart } from './lib/coldstart';
import { COLD_START_RUNS, type Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { median } from './lib/stats';

const NAME = 'serve.coldStart.login';
/** Put on the home screen's root by the renderer once the name cards are loaded. */
const HOME_READY = '[data-screen="home"]';

/** `balai serve` on a demo village, from spawn to the interactive login (name cards) screen. */
export const serveLogin: Bench = {
  id: 'coldstart-login',
  figures: [{ name: NAME, unit: 'ms' }],
  async run(ctx) {
    await ctx.rendererBuilt();
    const browser = await ctx.browser();
    const baseline = await ctx.staticBaseline();
    const dataDir = copyDataDir(ctx.scope, await ctx.demoDataDir());
    const start = (scope: Parameters<typeof spawnServe>[0]) => spawnServe(scope, dataDir);
    const base = baseline.map((r) => round(r.ms, 1));
    const baselineMeasure = {
      name: 'static node http server: page rendered',
      value: round(median(base), 1),
      unit: 'ms',
    };

    // The warm-up run also finds out whether the UI has the marker yet.
    try {
      await coldStartOnce(browser, start, HOME_READY);
    } catch (error) {
      if (!(error instanceof ReadyTimeout)) throw error;
      ctx.emit(
        figure({ name: NAME, value: null, unit: 'ms' }, baselineMeasure, 'home screen marker not found'),
      );
      return;
    }
    const runs: ColdStart[] = [];
    for (let i = 0; i < COLD_START_RUNS; i++) runs.push(await coldStartOnce(browser, start, HOME_READY));
    const ms = runs.map((r) => round(r.ms, 1));
    ctx.emit(
      figure(
        { name: NAME, value: round(median(ms), 1), unit: 'ms' },
        baselineMeasure,
        `median of ${ms.length} after 1 warm-up; demo village with 6 learners; listening after ${listening(runs)} ms; ` +
          `runs ${JSON.stringify(ms)}`,
      ),
    );
  },
};

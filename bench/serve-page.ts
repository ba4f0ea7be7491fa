import { spawnServe } from './lib/balai';
import { coldStarts, listening } from './lib/coldstart';
import { COLD_START_RUNS, type Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { median } from './lib/stats';

/** `balai serve` on a fresh data folder, from spawn to the page rendered in Chromium. */
export const servePage: Bench = {
  id: 'coldstart-page',
  figures: [{ name: 'serve.coldStart.page', unit: 'ms' }],
  async run(ctx) {
    await ctx.rendererBuilt();
    const browser = await ctx.browser();
    const baseline = await ctx.staticBaseline();
    const runs = await coldStarts(
      browser,
      (scope) => spawnServe(scope, scope.tmpDir('fresh')),
      '#root > *',
      COLD_START_RUNS,
    );
    const ms = runs.map((r) => round(r.ms, 1));
    const base = baseline.map((r) => round(r.ms, 1));
    ctx.emit(
      figure(
        { name: 'serve.coldStart.page', value: round(median(ms), 1), unit: 'ms' },
        { name: 'static node http server: page rendered', value: round(median(base), 1), unit: 'ms' },
        `median of ${ms.length} after 1 warm-up; fresh data folder each run; listening after ${listening(runs)} ms ` +
          `(baseline ${listening(baseline)} ms); runs ${JSON.stringify(ms)}, baseline ${JSON.stringify(base)}`,
      ),
    );
  },
};

import { join } from 'node:path';
import { BALAI_BIN, copyDataDir, REPO_ROOT } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { runToEnd } from './lib/process';
import { median, since } from './lib/stats';

const RUNS = 11;

/** What `balai course list --json` does itself: open the database and read the installed courses. */
const BARE_COURSE_LIST = `
const db = require('better-sqlite3')(process.argv[1]);
console.log(JSON.stringify(db.prepare('SELECT id, version, title, publisher FROM courses ORDER BY title').all()));
db.close();
`;

/** Spawn to exit, in ms; `runs` times after one untimed run, the variants alternating run by run. */
async function timeRuns(variants: readonly (readonly string[])[], runs: number): Promise<number[][]> {
  const out = variants.map(() => [] as number[]);
  for (let i = -1; i < runs; i++) {
    for (const [v, args] of variants.entries()) {
      const t0 = performance.now();
      await runToEnd(process.execPath, args, { cwd: REPO_ROOT, timeoutMs: 60_000 });
      if (i >= 0) out[v]!.push(since(t0));
    }
  }
  return out;
}

/** The `balai` command's start: its help against `node -e`, and a command's run against its bare work. */
export const cliStartBench: Bench = {
  id: 'cli-start',
  figures: [
    { name: 'cli.start.help', unit: 'ms' },
    { name: 'cli.start.courseList', unit: 'ms' },
  ],
  async run(ctx) {
    const data = copyDataDir(ctx.scope, await ctx.demoDataDir());
    const [help, nodeE] = await timeRuns(
      [
        [BALAI_BIN, '--help'],
        ['-e', '0'],
      ],
      RUNS,
    );
    ctx.emit(
      figure(
        { name: 'cli.start.help', value: round(median(help!), 1), unit: 'ms' },
        { name: 'node -e 0', value: round(median(nodeE!), 1), unit: 'ms' },
        `median of ${RUNS} after 1 untimed run, alternating; spawn to exit of node bin/balai.js --help`,
      ),
    );
    const [list, bare] = await timeRuns(
      [
        [BALAI_BIN, 'course', 'list', '--data', data, '--json'],
        ['-e', BARE_COURSE_LIST, join(data, 'balai.sqlite')],
      ],
      RUNS,
    );
    ctx.emit(
      figure(
        { name: 'cli.start.courseList', value: round(median(list!), 1), unit: 'ms' },
        {
          name: 'node -e: better-sqlite3 opens the file, SELECT the courses',
          value: round(median(bare!), 1),
          unit: 'ms',
        },
        `median of ${RUNS} after 1 untimed run, alternating; balai course list --json on a demo village (the core ` +
          'opened: migrations checked, trusted keys, the courses read) against the bare read of the same rows',
      ),
    );
  },
};

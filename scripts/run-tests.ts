/**
 * `npm test`: every suite, side by side where they do not depend on each other, each line of output prefixed
 * with its suite's name. On two cores the long ones overlap: lint and typecheck run beside the build; the unit
 * tests, the Electron lint and the browser tests run once the build is there (the unit and browser tests read
 * out/, so neither runs while the build rewrites it). A suite whose prerequisite failed is not run and counts
 * as failed. The exit code is 1 when any suite failed; the last line is test-summary's
 * `tests: N passed, N failed, N skipped`.
 *
 *   tsx scripts/run-tests.ts [--only NAME,NAME]     (npm test; --only runs some suites and what they need)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

interface Suite {
  name: string;
  /** An npm script. */
  script: string;
  /** Suites that must have passed first. */
  after: readonly string[];
  /** The JSON report it writes for test-summary (removed first, so a suite that dies cannot leave an old one). */
  report?: string;
}

/** In start order: a suite starts as soon as what it needs has passed. */
export const SUITES: readonly Suite[] = [
  { name: 'build', script: 'build', after: [] },
  { name: 'typecheck', script: 'typecheck', after: [] },
  { name: 'lint', script: 'lint', after: [] },
  { name: 'unit', script: 'test:unit', after: ['build'], report: 'reports/vitest.json' },
  { name: 'e2e', script: 'test:e2e', after: ['build'], report: 'reports/playwright.json' },
  { name: 'lint:electron', script: 'lint:electron', after: ['build'] },
];

type Outcome = 'passed' | 'failed' | 'not run';

const ROOT = resolve(import.meta.dirname, '..');
const width = Math.max(...SUITES.map((s) => s.name.length));

/** Writes each line of a child's stream with the suite's name in front. */
function prefixLines(stream: NodeJS.ReadableStream, name: string, out: NodeJS.WritableStream): void {
  const label = `[${name}]`.padEnd(width + 3);
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
    out.write(`${label}${line}\n`),
  );
}

/** Picks the asked suites and, transitively, the ones they need. */
export function selectSuites(only: readonly string[] | null): Suite[] {
  if (!only) return [...SUITES];
  const wanted = new Set<string>();
  const add = (name: string) => {
    const suite = SUITES.find((s) => s.name === name);
    if (!suite) throw new Error(`unknown suite ${name}; suites: ${SUITES.map((s) => s.name).join(', ')}`);
    if (wanted.has(name)) return;
    wanted.add(name);
    suite.after.forEach(add);
  };
  only.forEach(add);
  return SUITES.filter((s) => wanted.has(s.name));
}

/** Runs the suites; resolves with each one's outcome and time. */
export async function runSuites(
  suites: readonly Suite[],
  run: (suite: Suite) => ChildProcess,
): Promise<Map<string, { outcome: Outcome; seconds: number }>> {
  const results = new Map<string, { outcome: Outcome; seconds: number }>();
  const running = new Map<string, Promise<void>>();
  const start = (suite: Suite): Promise<void> => {
    const t0 = performance.now();
    const child = run(suite);
    return new Promise<void>((done) => {
      child.on('error', () => {
        results.set(suite.name, { outcome: 'failed', seconds: (performance.now() - t0) / 1000 });
        done();
      });
      child.on('close', (code) => {
        const outcome = code === 0 ? 'passed' : 'failed';
        results.set(suite.name, { outcome, seconds: (performance.now() - t0) / 1000 });
        done();
      });
    });
  };
  const pending = new Set(suites.map((s) => s.name));
  for (;;) {
    for (const suite of suites) {
      if (!pending.has(suite.name)) continue;
      const before = suite.after.map((name) => results.get(name)?.outcome);
      if (before.some((outcome) => outcome === 'failed' || outcome === 'not run')) {
        pending.delete(suite.name);
        results.set(suite.name, { outcome: 'not run', seconds: 0 });
      } else if (before.every((outcome) => outcome === 'passed')) {
        pending.delete(suite.name);
        running.set(
          suite.name,
          start(suite).then(() => void running.delete(suite.name)),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return results;
}

const children = new Set<ChildProcess>();
/** Each suite in its own process group, so Ctrl-C or a kill of this runner stops its whole tree. */
function spawnSuite(suite: Suite): ChildProcess {
  const child = spawn('npm', ['run', '--silent', suite.script], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
  });
  children.add(child);
  child.on('close', () => children.delete(child));
  console.log(`[${suite.name}]`.padEnd(width + 3) + `started: npm run ${suite.script}`);
  prefixLines(child.stdout, suite.name, process.stdout);
  prefixLines(child.stderr, suite.name, process.stderr);
  return child;
}

function stopAll(signal: NodeJS.Signals): void {
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--only');
  const suites = selectSuites(at >= 0 ? (argv[at + 1] ?? '').split(',').filter(Boolean) : null);
  for (const suite of suites) if (suite.report) rmSync(resolve(ROOT, suite.report), { force: true });
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  const t0 = performance.now();
  const results = await runSuites(suites, spawnSuite);
  console.log(`\nsuites (${((performance.now() - t0) / 60_000).toFixed(1)} min in all):`);
  for (const suite of suites) {
    const r = results.get(suite.name)!;
    const time = r.outcome === 'not run' ? '' : ` ${r.seconds.toFixed(0)} s`;
    console.log(`  ${suite.name.padEnd(width)}  ${r.outcome}${time}`);
  }
  const failed = [...results.values()].some((r) => r.outcome !== 'passed');
  if (!suites.some((s) => s.report)) return failed ? 1 : 0;
  // The closing line: counts from the JSON reports vitest and Playwright wrote.
  const summary = spawn('tsx', [resolve(ROOT, 'scripts', 'test-summary.ts')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const summaryCode = await new Promise<number>((done) => summary.on('close', (code) => done(code ?? 1)));
  return failed || summaryCode !== 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = await main(process.argv.slice(2));

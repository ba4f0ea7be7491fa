import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runSuites, selectSuites } from '../../scripts/run-tests';

/** A suite that is a `node -e` script: it logs its start and end, sleeps, and exits with a code. */
const fake =
  (log: string[], exits: Record<string, number>, ms = 150) =>
  (suite: { name: string }) => {
    log.push(`start ${suite.name}`);
    const child = spawn(process.execPath, [
      '-e',
      `setTimeout(() => process.exit(${exits[suite.name] ?? 0}), ${ms})`,
    ]);
    child.on('close', () => log.push(`end ${suite.name}`));
    return child;
  };

describe('the npm test runner', () => {
  it('starts independent suites together and the dependent ones after what they need passed', async () => {
    const log: string[] = [];
    const suites = [
      { name: 'build', script: 'x', after: [] },
      { name: 'lint', script: 'x', after: [] },
      { name: 'unit', script: 'x', after: ['build'] },
      { name: 'e2e', script: 'x', after: ['build'] },
    ];
    const results = await runSuites(suites, fake(log, {}));
    expect(log.slice(0, 2)).toEqual(['start build', 'start lint']);
    expect(log.indexOf('start unit')).toBeGreaterThan(log.indexOf('end build'));
    // unit and e2e overlap: both start before either ends
    expect(log.indexOf('start e2e')).toBeLessThan(log.indexOf('end unit'));
    expect([...results.values()].map((r) => r.outcome)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });

  it('counts a failed suite, and does not run what needs it (not run counts as failed), the rest still runs', async () => {
    const log: string[] = [];
    const suites = [
      { name: 'build', script: 'x', after: [] },
      { name: 'lint', script: 'x', after: [] },
      { name: 'unit', script: 'x', after: ['build'] },
      { name: 'e2e', script: 'x', after: ['unit'] },
    ];
    const results = await runSuites(suites, fake(log, { build: 3 }));
    expect(Object.fromEntries([...results].map(([name, r]) => [name, r.outcome]))).toEqual({
      build: 'failed',
      lint: 'passed',
      unit: 'not run',
      e2e: 'not run',
    });
    expect(log).not.toContain('start unit');
  });

  it('--only picks suites with what they need; every suite of npm test is there', () => {
    expect(selectSuites(['e2e']).map((s) => s.name)).toEqual(['build', 'e2e']);
    expect(selectSuites(null).map((s) => s.name)).toEqual([
      'build',
      'typecheck',
      'lint',
      'unit',
      'e2e',
      'lint:electron',
    ]);
    expect(() => selectSuites(['nope'])).toThrow(/unknown suite/);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowListSchema,
  findingsCsv,
  findingsSarif,
  gate,
  parseFindingsCsv,
  sarifRuleIds,
  type AllowEntry,
  type Finding,
} from '../../scripts/electron-lint';
import { useTempDirs } from '../helpers/core';

const ROOT = resolve(import.meta.dirname, '..', '..');

const finding = (over: Partial<Finding>): Finding => ({
  check: 'PRELOAD_JS_CHECK',
  severity: 'MEDIUM',
  confidence: 'FIRM',
  file: 'main/electron/window.ts',
  location: '30:6',
  sample: 'preload: preloadPath,',
  description: 'Review the use of preload scripts',
  ...over,
});
const allow = (over: Partial<AllowEntry>): AllowEntry => ({
  check: 'PRELOAD_JS_CHECK',
  file: 'main/electron/window.ts',
  reason: 'reviewed: one function over contextBridge',
  reviewed: '2026-11-30',
  ...over,
});

describe('the Electron security lint gate', () => {
  const tempDir = useTempDirs('balai-electron-lint-');

  it('reads back the CSV it writes, quotes, commas and N/A included, and the SARIF has as many results', () => {
    const findings = [
      finding({}),
      finding({
        check: 'CSP_GLOBAL_CHECK',
        file: 'N/A',
        location: '0:0',
        sample: 'N/A',
        description: 'No CSP',
      }),
      finding({ sample: 'x = "a, b", y', severity: 'LOW', description: 'He said "no", twice' }),
    ];
    expect(parseFindingsCsv(findingsCsv(findings))).toEqual(findings);
    expect(sarifRuleIds(findingsSarif(findings))).toEqual(findings.map((f) => f.check));
  });

  it('refuses a CSV whose header was overwritten (electronegativity’s CLI writes header and rows concurrently)', () => {
    const torn = findingsCsv([finding({})])
      .split('\n')
      .slice(1)
      .join('\n');
    expect(() => parseFindingsCsv(`ted in the target application",https://x\n${torn}`)).toThrow(/no header/);
    expect(() =>
      parseFindingsCsv(
        'issue, severity, confidence, filename, location, sample, description, url\nA,"SEVERE"',
      ),
    ).toThrow(/not a finding/);
  });

  it('fails on MEDIUM and above unless an allow-list entry names the check, the file and (if given) the line', () => {
    const findings = [
      finding({}),
      finding({ check: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH', sample: 'new BrowserWindow({' }),
      finding({ check: 'NODE_INTEGRATION_JS_CHECK', severity: 'INFORMATIONAL' }),
      finding({ check: 'SOMETHING_LOW', severity: 'LOW' }),
    ];
    const result = gate(findings, [allow({}), allow({ check: 'GONE_CHECK' })]);
    expect(result.unexplained.map((f) => f.check)).toEqual(['CONTEXT_ISOLATION_JS_CHECK']);
    expect(result.explained.map((f) => f.check)).toEqual(['PRELOAD_JS_CHECK']);
    expect(result.unused.map((e) => e.check)).toEqual(['GONE_CHECK']);
    // Another file, or another line of the same file when the entry pins one, is not explained.
    expect(gate([finding({ file: 'main/electron/other.ts' })], [allow({})]).unexplained).toHaveLength(1);
    expect(gate([finding({})], [allow({ sample: 'preload: somethingElse' })]).unexplained).toHaveLength(1);
  });

  it('the reviewed allow-list is well formed and gives a reason for each entry', () => {
    const list = allowListSchema.parse(
      JSON.parse(readFileSync(join(ROOT, 'scripts', 'electron-lint-allow.json'), 'utf8')),
    );
    expect(list.findings.length).toBeGreaterThan(0);
    expect(list.findings.every((e) => e.reason.length >= 20)).toBe(true);
  });

  it('a window without isolation or sandbox, and a file it cannot parse, fail the run (exit 1)', () => {
    const input = tempDir();
    mkdirSync(join(input, 'main', 'electron'), { recursive: true });
    writeFileSync(
      join(input, 'main', 'electron', 'window.ts'),
      "import { BrowserWindow } from 'electron';\n" +
        'export const win = new BrowserWindow({\n' +
        '  webPreferences: { contextIsolation: false, sandbox: false, nodeIntegration: true },\n' +
        '});\n',
    );
    writeFileSync(join(input, 'main', 'electron', 'broken.ts'), 'const = ;\n');
    const reports = tempDir();
    const run = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'scripts', 'electron-lint.ts'), '--input', input, '--reports', reports],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(/HIGH CONTEXT_ISOLATION_JS_CHECK main\/electron\/window\.ts:3:/);
    expect(run.stderr).toMatch(/cannot parse .*broken\.ts/);
    const csv = parseFindingsCsv(readFileSync(join(reports, 'electronegativity.csv'), 'utf8'));
    expect(csv.map((f) => f.check)).toEqual(
      expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']),
    );
    expect(sarifRuleIds(readFileSync(join(reports, 'electronegativity.sarif'), 'utf8'))).toHaveLength(
      csv.length,
    );
  }, 120_000);
});

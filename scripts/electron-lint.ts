/**
 * The Electron security lint of `npm test`: runs @doyensec/electronegativity on the shell's sources
 * (main/electron, where every window, session, protocol and IPC is set up), the renderer's HTML and
 * package.json, assuming Electron 45.5.0. It writes reports/electronegativity.csv and .sarif, reads them
 * back, and fails on any finding of MEDIUM severity or above that scripts/electron-lint-allow.json does not
 * explain. electronegativity's CLI exits 0 whatever it finds and says nothing of files it could not parse
 * when it writes a report, so this script calls its runner, fails on a file it could not parse, and writes
 * the reports itself.
 *
 *   npx tsx scripts/electron-lint.ts [--input DIR] [--allow FILE] [--reports DIR]
 *
 * Exit codes: 0 nothing unexplained, 1 findings or files it could not read, 2 the tool failed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const ELECTRON_VERSION = '45.5.0';
const ROOT = resolve(import.meta.dirname, '..');

/**
 * AvailableSecurityFixesGlobalCheck downloads Electron's release list at run time: the result would differ
 * online and offline, and the tool's data is unmaintained (its README says so). Electron's version is pinned
 * in package.json and kept current there.
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One row of electronegativity's CSV report. */
export interface Finding {
  check: string;
  severity: Severity;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}

/** One reviewed finding: which check on which file (and, to pin it down, a piece of the flagged line), and why it is acceptable. */
export const allowEntrySchema = z.strictObject({
  check: z.string().min(1),
  file: z.string().min(1),
  sample: z.string().min(1).optional(),
  reason: z.string().min(20),
  reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export const allowListSchema = z.strictObject({
  $comment: z.string().optional(),
  findings: z.array(allowEntrySchema),
});
export type AllowEntry = z.infer<typeof allowEntrySchema>;

/** RFC 4180 fields of one CSV line (electronegativity quotes with "" escapes; N/A stays bare). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** Parses electronegativity's CSV report. Throws on a row it does not understand: a gate must not guess. */
export function parseFindingsCsv(text: string): Finding[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.replace(/\s/g, '') !== 'issue,severity,confidence,filename,location,sample,description,url')
    throw new Error('the CSV report has no header: electronegativity did not finish writing it');
  return lines.slice(1).map((line, i) => {
    const f = csvFields(line);
    const severity = f[1] as Severity;
    if (f.length < 8 || !SEVERITIES.includes(severity))
      throw new Error(`CSV row ${i + 2} is not a finding: ${line.slice(0, 120)}`);
    return {
      check: f[0]!,
      severity,
      confidence: f[2]!,
      file: f[3]!,
      location: f[4]!,
      sample: f[5]!,
      description: f[6]!,
    };
  });
}

/** The rule ids of a SARIF report's results (one per finding, written in one go: the count to check the CSV against). */
export function sarifRuleIds(text: string): string[] {
  const sarif = z
    .object({ runs: z.array(z.object({ results: z.array(z.object({ ruleId: z.string() })) })).length(1) })
    .parse(JSON.parse(text));
  return sarif.runs[0]!.results.map((r) => r.ruleId);
}

const atLeastMedium = (s: Severity) => SEVERITIES.indexOf(s) >= SEVERITIES.indexOf('MEDIUM');
const matches = (entry: AllowEntry, f: Finding) =>
  entry.check === f.check &&
  entry.file === f.file &&
  (entry.sample === undefined || f.sample.includes(entry.sample));

/** Splits findings of MEDIUM and above into explained and not; also the allow-list entries nothing matched. */
export function gate(findings: readonly Finding[], allow: readonly AllowEntry[]) {
  const serious = findings.filter((f) => atLeastMedium(f.severity));
  return {
    unexplained: serious.filter((f) => !allow.some((e) => matches(e, f))),
    explained: serious.filter((f) => allow.some((e) => matches(e, f))),
    unused: allow.filter((e) => !findings.some((f) => matches(e, f))),
  };
}

/** What is scanned: the shell's sources, the renderer's HTML page, package.json (Electron version, arguments). */
export function stageInput(root: string, dest: string): void {
  cpSync(join(root, 'main', 'electron'), join(dest, 'main', 'electron'), {
    recursive: true,
    filter: (src) => !src.endsWith('.d.ts'),
  });
  cpSync(join(root, 'renderer', 'index.html'), join(dest, 'renderer', 'index.html'));
  cpSync(join(root, 'package.json'), join(dest, 'package.json'));
}

/** What electronegativity's runner answers (dist/runner.js, the function its CLI calls). */
const runnerIssueSchema = z.looseObject({
  id: z.string(),
  file: z.string(),
  location: z.looseObject({ line: z.number(), column: z.number() }),
  sample: z.string().nullish(),
  description: z.string(),
  severity: z.looseObject({ name: z.enum(SEVERITIES) }),
  confidence: z.looseObject({ name: z.string() }),
});
const runnerResultSchema = z.looseObject({
  issues: z.array(runnerIssueSchema),
  errors: z.array(z.looseObject({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
});

/**
 * Runs electronegativity's own runner, as its CLI does with `-i DIR -e 45.5.0 -r -x …`. Not the CLI itself:
 * with `-o` the CLI writes the CSV header and the rows with two concurrent writes (seen here overwriting the
 * first row), and it drops the parse errors it collects.
 */
async function runElectronegativity(input: string) {
  const require = createRequire(import.meta.url);
  const run = require('@doyensec/electronegativity') as (
    options: Record<string, unknown>,
  ) => Promise<unknown>;
  const result = runnerResultSchema.parse(
    await run({
      input,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
      isRelative: true,
      isVerbose: true,
      electronVersionOverride: ELECTRON_VERSION,
      parserPlugins: [],
    }),
  );
  const findings: Finding[] = result.issues.map((i) => ({
    check: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: i.file.split('\\').join('/'),
    location: `${i.location.line}:${i.location.column}`,
    sample: i.sample ?? 'N/A',
    description: i.description,
  }));
  return { findings, errors: result.errors };
}

const csvField = (value: string) => (value === 'N/A' ? value : `"${value.replace(/"/g, '""')}"`);
const wiki = (check: string) => `https://github.com/doyensec/electronegativity/wiki/${check}`;

/** electronegativity's CSV format (the columns and quoting of its `-o report.csv`), written in one go. */
export function findingsCsv(findings: readonly Finding[]): string {
  const rows = findings.map((f) =>
    [
      f.check,
      csvField(f.severity),
      csvField(f.confidence),
      csvField(f.file),
      csvField(f.location),
      csvField(f.sample),
      csvField(f.description),
      wiki(f.check),
    ].join(','),
  );
  return ['issue, severity, confidence, filename, location, sample, description, url', ...rows, ''].join(
    '\n',
  );
}

/** SARIF 2.1.0 as electronegativity writes it (one result per finding), with the severity as a property. */
export function findingsSarif(findings: readonly Finding[]): string {
  const rules = [...new Set(findings.map((f) => f.check))].map((id) => ({
    id,
    helpUri: wiki(id),
    properties: { category: 'Security' },
  }));
  const results = findings.map((f) => {
    const [line, column] = f.location.split(':').map(Number);
    return {
      ruleId: f.check,
      level: atLeastMedium(f.severity) ? 'error' : 'note',
      message: { text: f.description },
      properties: { severity: f.severity, confidence: f.confidence },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.file === 'N/A' ? 'file:///' : f.file },
            region: { startLine: Math.max(1, line ?? 1), startColumn: (column ?? 0) + 1 },
          },
        },
      ],
    };
  });
  return JSON.stringify(
    {
      $schema: 'http://json.schemastore.org/sarif-2.1.0',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'Electronegativity',
              informationUri: 'https://github.com/doyensec/electronegativity',
              rules,
            },
          },
          results,
        },
      ],
    },
    null,
    2,
  );
}

/** Runs the whole lint; returns the exit code and prints what it found. */
export async function electronLint(options: {
  input?: string;
  allow: string;
  reports: string;
}): Promise<number> {
  const stage = mkdtempSync(join(tmpdir(), 'balai-electron-lint-'));
  try {
    const input = options.input ?? stage;
    if (!options.input) stageInput(ROOT, stage);
    const allowParsed = allowListSchema.safeParse(JSON.parse(readFileSync(options.allow, 'utf8')));
    if (!allowParsed.success) {
      console.error(`${options.allow} is not a valid allow-list: ${allowParsed.error.message}`);
      return 2;
    }
    const unreadable: string[] = [];
    let ran: Awaited<ReturnType<typeof runElectronegativity>>;
    try {
      ran = await runElectronegativity(input);
    } catch (error) {
      console.error(
        `electronegativity failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return 2;
    }
    for (const e of ran.errors) {
      const where = `${relative(input, e.file)}: ${e.message}`;
      if (e.tolerable) console.warn(`parsed with warnings: ${where}`);
      else unreadable.push(where);
    }
    mkdirSync(options.reports, { recursive: true });
    const csv = join(options.reports, 'electronegativity.csv');
    const sarif = join(options.reports, 'electronegativity.sarif');
    writeFileSync(csv, findingsCsv(ran.findings));
    writeFileSync(sarif, findingsSarif(ran.findings));
    // The gate reads the reports back: what it passes is what CI keeps.
    const findings = parseFindingsCsv(readFileSync(csv, 'utf8'));
    const ruleIds = sarifRuleIds(readFileSync(sarif, 'utf8'));
    if (ruleIds.length !== findings.length || findings.length !== ran.findings.length) {
      console.error(
        `the reports disagree: ${findings.length} findings in the CSV, ${ruleIds.length} in the SARIF`,
      );
      return 2;
    }
    const result = gate(findings, allowParsed.data.findings);
    console.log(
      `electronegativity (Electron ${ELECTRON_VERSION}): ${findings.length} findings, ` +
        `${result.explained.length + result.unexplained.length} of MEDIUM or above, ${result.explained.length} explained in ${relative(ROOT, options.allow)}`,
    );
    for (const e of result.unused)
      console.warn(
        `allow-list entry no longer needed (remove it): ${e.check} ${e.file}${e.sample ? ` "${e.sample}"` : ''}`,
      );
    for (const f of result.unexplained)
      console.error(
        `${f.severity} ${f.check} ${f.file}:${f.location} ${f.sample}\n  ${f.description}\n  https://github.com/doyensec/electronegativity/wiki/${f.check}`,
      );
    for (const error of unreadable) console.error(`cannot parse (electronegativity would skip it): ${error}`);
    if (result.unexplained.length > 0)
      console.error(
        `${result.unexplained.length} finding(s) of MEDIUM or above: fix them, or explain them in the allow-list`,
      );
    return result.unexplained.length > 0 || unreadable.length > 0 ? 1 : 0;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: { input: { type: 'string' }, allow: { type: 'string' }, reports: { type: 'string' } },
  });
  process.exitCode = await electronLint({
    input: values.input,
    allow: values.allow ?? join(ROOT, 'scripts', 'electron-lint-allow.json'),
    reports: values.reports ?? join(ROOT, 'reports'),
  });
}

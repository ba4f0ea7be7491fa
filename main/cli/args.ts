import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Usage error: exit code 2 with the message. */
export class UsageError extends Error {}

/** Refused or failed: exit code 1, the reason in English and Indonesian. */
export class Refused extends Error {
  constructor(
    message: string,
    readonly indonesian: string,
  ) {
    super(message);
  }
}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `--data DIR`, else `BALAI_DATA`, else a usage error. */
export function dataDir(value: string | undefined): string {
  const dir = value ?? process.env.BALAI_DATA;
  if (!dir) throw new UsageError('--data DIR (or BALAI_DATA) is required');
  return dir;
}

/** `--help` or `-h` anywhere: every command answers it with its usage, exit 0, before anything runs. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** The literal words of a usage line after `balai <area>`, up to its first placeholder or option. */
function commandWords(usage: string): string[][] {
  const words: string[][] = [];
  for (const token of usage.trim().split(/\s+/).slice(2)) {
    if (/^[<[-]/.test(token)) break;
    words.push(token.split('|'));
  }
  return words;
}

/**
 * Whether `argv` (after the area) names a command the area's help text lists: its leading words (before the
 * first option) match a usage line's literal words, or start them (`hub cert` of `hub cert import`). The
 * help text is the registry: a command another branch adds gets `--help` by listing its usage line.
 */
export function helpKnows(help: string, argv: readonly string[]): boolean {
  const given: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-')) break;
    given.push(a);
  }
  const usages = help
    .split('\n')
    .filter((line) => line.startsWith('balai '))
    .map(commandWords);
  return usages.some((words) => given.slice(0, words.length).every((word, i) => words[i]!.includes(word)));
}

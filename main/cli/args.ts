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

// Pure (no electron import): unit-tested under Node in tests/electron-logic.
import { isAbsolute, resolve } from 'node:path';

/** How this run of the shell was asked to behave, from its arguments and environment. */
export interface ShellOptions {
  /** A normal window instead of the kiosk (development, operator maintenance, launch tests). */
  windowed: boolean;
  /** Where to keep the database and Chromium's profile instead of the default userData folder. */
  userDataDir: string | null;
}

/**
 * `--windowed` or `BALAI_WINDOWED=1` gives a normal window; `--user-data-dir=DIR` or
 * `BALAI_USER_DATA_DIR=DIR` moves the data (each launch test gets its own folder).
 */
export function readShellOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): ShellOptions {
  const windowed = argv.includes('--windowed') || env.BALAI_WINDOWED === '1';
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--user-data-dir=')) dir = arg.slice('--user-data-dir='.length);
    else if (arg === '--user-data-dir' && argv[i + 1] && !argv[i + 1]!.startsWith('--')) dir = argv[i + 1];
  }
  dir ||= env.BALAI_USER_DATA_DIR || undefined;
  return {
    windowed,
    userDataDir: dir ? (isAbsolute(dir) ? dir : resolve(cwd, dir)) : null,
  };
}

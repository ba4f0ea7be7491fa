/** The core's log: technical detail goes here, never onto the screen. */
export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export function consoleLogger(prefix = 'balai'): Logger {
  const line = (level: string, message: string, extra?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${prefix} ${level} ${message}${extra ? ` ${JSON.stringify(extra)}` : ''}`;
  return {
    info: (m, e) => console.error(line('info', m, e)),
    warn: (m, e) => console.error(line('warn', m, e)),
    error: (m, e) => console.error(line('error', m, e)),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Collects lines in memory (tests assert on what was logged). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string, e?: Record<string, unknown>) => {
    lines.push(`${level} ${m}${e ? ` ${JSON.stringify(e)}` : ''}`);
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

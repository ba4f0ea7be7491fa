import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Scope } from './scope';

/** A server process that has printed its URL. */
export interface SpawnedServer {
  child: ChildProcess;
  pid: number;
  url: string;
  /** The last lines it wrote on stderr (for error messages). */
  stderrTail(): string;
}

/** Every child still running; killed hard if the bench itself exits without its clean-up. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** What `balai serve` (and the baseline server) print once they listen. */
export const URL_LINE = /^Balai Belajar: (http:\/\/\S+)/;

/**
 * Starts `command args` and resolves once a stdout line matches `URL_LINE`. The process is stopped
 * (SIGTERM, then SIGKILL) when `scope` closes; it fails fast if the process exits or times out first.
 */
export function spawnUntilUrl(
  scope: Scope,
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<SpawnedServer> {
  const child = spawnInScope(scope, command, args, { cwd: options.cwd });

  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > 20) stderr.shift();
  });
  const stderrTail = () => stderr.join('\n');
  const what = `${[command, ...args].join(' ')}`;

  return new Promise<SpawnedServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no URL from "${what}" within ${options.timeoutMs ?? 30_000} ms\n${stderrTail()}`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`"${what}" exited (${code ?? signal}) before printing its URL\n${stderrTail()}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = URL_LINE.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, pid: child.pid!, url: match[1]!, stderrTail });
    });
  });
}

/**
 * Starts `command args` (stdout and stderr piped, for the caller to read or drop), stopped (SIGTERM, then
 * SIGKILL) when `scope` closes, and killed if the bench exits without its clean-up.
 */
export function spawnInScope(
  scope: Scope,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcessByStdio<null, Readable, Readable> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  scope.defer(() => stop(child));
  return child;
}

/** Stops a child: SIGTERM, and SIGKILL if it is still there after `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs a command to its end, keeping its output to itself (stdout is reserved for figure lines);
 * rejects with the output's tail on a non-zero exit or after `timeoutMs`.
 */
export function runToEnd(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs: number },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      live.delete(child);
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`"${[command, ...args].join(' ')}" ended with ${code ?? signal}\n${output}`));
    });
  });
}

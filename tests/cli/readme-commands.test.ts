import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../main/cli/main';
import { REPO_ROOT } from '../helpers/external-content';

/** The command list of the README's "The `balai` command" section: every line of its first sh block. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `balai` command'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('balai '));
}

/** Each command's literal words (`hub status|held` gives `hub status` and `hub held`), up to its first placeholder. */
function invocations(line: string): string[][] {
  let out: string[][] = [[]];
  for (const token of line.split(/\s+/).slice(1)) {
    if (/^[<[-]/.test(token)) break;
    out = out.flatMap((words) => token.split('|').map((w) => [...words, w]));
  }
  return out;
}

async function help(words: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    const code = await main([...words, '--help']);
    return { code, out: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("the README's command list", () => {
  afterEach(() => vi.restoreAllMocks());
  const commands = readmeCommands();

  it('is there and long', () => {
    expect(commands.length).toBeGreaterThan(25);
  });

  it.each(commands.flatMap((line) => invocations(line).map((words) => [words.join(' '), line] as const)))(
    'balai %s --help answers with its usage (exit 0)',
    async (command, line) => {
      const r = await help(command.split(' '));
      expect(r.code, r.out).toBe(0);
      expect(r.out, line).toContain(`balai ${command}`);
    },
  );

  it('a command that does not exist fails --help (exit 2), so a README line without a command fails too', async () => {
    expect((await help(['hub', 'tidak-ada'])).code).toBe(2);
    expect((await help(['course', 'wrapp'])).code).toBe(2);
    expect((await help(['nope'])).code).toBe(2);
  });

  it('the real binary answers --help the same way', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'balai.js'), 'hub', 'report', '--help'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('balai hub report --level');
  });
});

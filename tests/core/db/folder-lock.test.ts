import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/app';
import { DataFolderInUse, lockDataFolder } from '../../../main/core/db/folder-lock';
import { silentLogger } from '../../../main/core/log';
import { FAST_SCRYPT, RESOURCES, tempDir } from '../../helpers/core';

const tmp = tempDir('balai-folder-lock-');
afterAll(() => tmp.cleanup());

const HOLDER = join(import.meta.dirname, 'lock-holder.ts');

const core = (dataDir: string, exclusive: boolean) =>
  createCore({
    dataDir,
    resourcesDir: RESOURCES,
    appVersion: '0.0.0-test',
    shell: 'browser',
    log: silentLogger,
    exclusive,
    config: { scrypt: FAST_SCRYPT, uploadSchedule: false },
  });

describe('one host per data folder', () => {
  it('a second hold of a held folder is refused in both languages, and a released one can be taken', () => {
    const dir = join(tmp.dir, 'twice');
    const first = lockDataFolder(dir);
    let refused: unknown;
    try {
      lockDataFolder(dir);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataFolderInUse);
    expect((refused as DataFolderInUse).message).toContain('already running on this data folder');
    expect((refused as DataFolderInUse).message).toContain(dir);
    expect((refused as DataFolderInUse).indonesian).toContain('sudah berjalan dengan folder data ini');
    first.release();
    lockDataFolder(dir).release();
  });

  it('a host core refuses to open a folder another host core holds; one-shot cores are not held back', () => {
    const dir = join(tmp.dir, 'cores');
    const app = core(dir, true);
    try {
      expect(() => core(dir, true)).toThrow(DataFolderInUse);
      // A CLI command (a report, a backup) still opens the folder beside a running host.
      core(dir, false).close();
    } finally {
      app.close();
    }
    core(dir, true).close();
  });

  it('is released when its holder is killed (a crash or a power cut), never left stale', async () => {
    const dir = join(tmp.dir, 'crash');
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (c: Buffer) => (c.toString().includes('locked') ? done() : undefined));
      child.once('exit', (code) => fail(new Error(`holder exited (${code}): ${stderr}`)));
    });
    expect(() => lockDataFolder(dir)).toThrow(DataFolderInUse);
    child.kill('SIGKILL');
    await exited;
    lockDataFolder(dir).release();
  });
});

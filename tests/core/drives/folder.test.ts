import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPublicDrive } from '../../../main/core/drives/drive';
import { FolderDrives } from '../../../main/core/drives/folder';
import { resolveDrive } from '../../../main/core/drives/paths';
import { useTempDirs } from '../../helpers/core';

const temp = useTempDirs('balai-drives-');
const isRoot = process.getuid?.() === 0;

describe('FolderDrives', () => {
  it('lists each sub-folder as a drive named after it, with the same id on every call', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'KINGSTON'));
    mkdirSync(join(dir, 'Flashdisk Desa'));
    const source = new FolderDrives(dir);
    const first = await source.list();
    expect(first.map((d) => d.label)).toEqual(['Flashdisk Desa', 'KINGSTON']);
    expect((await source.list()).map((d) => d.id)).toEqual(first.map((d) => d.id));
    // Another source over the same folder (a restart) gives the same ids.
    expect((await new FolderDrives(dir).list()).map((d) => d.id)).toEqual(first.map((d) => d.id));
    for (const drive of first) {
      expect(drive.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(drive.mountpoint).toBe(join(dir, drive.label));
      expect(drive.readOnly).toBe(false);
      expect(drive.sizeBytes).toBeGreaterThan(0);
      expect(drive.freeBytes).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(first.map((d) => d.id)).size).toBe(2);
  });

  it('gives a different id to the same folder name under another DIR', async () => {
    const [a, b] = [temp(), temp()];
    mkdirSync(join(a, 'USB'));
    mkdirSync(join(b, 'USB'));
    const [[da], [db]] = [await new FolderDrives(a).list(), await new FolderDrives(b).list()];
    expect(da!.id).not.toBe(db!.id);
  });

  it('does not count files, hidden folders or links as drives', async () => {
    const dir = temp();
    const elsewhere = temp();
    mkdirSync(join(dir, 'STICK'));
    mkdirSync(join(dir, '.Trash'));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    symlinkSync(elsewhere, join(dir, 'linked'));
    expect((await new FolderDrives(dir).list()).map((d) => d.label)).toEqual(['STICK']);
  });

  it('has no drives while DIR does not exist, and finds them once it does', async () => {
    const dir = join(temp(), 'later');
    const source = new FolderDrives(dir);
    expect(await source.list()).toEqual([]);
    mkdirSync(join(dir, 'USB'), { recursive: true });
    expect((await source.list()).map((d) => d.label)).toEqual(['USB']);
  });

  it.skipIf(isRoot)('marks a folder it cannot write to as read-only', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'LOCKED'));
    chmodSync(join(dir, 'LOCKED'), 0o555);
    try {
      const [drive] = await new FolderDrives(dir).list();
      expect(drive!.readOnly).toBe(true);
    } finally {
      chmodSync(join(dir, 'LOCKED'), 0o755);
    }
  });

  it('shows the UI no path: toPublicDrive keeps id, label, sizes and read-only only', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'KINGSTON'));
    const [drive] = await new FolderDrives(dir).list();
    const shown = toPublicDrive(drive!);
    expect(Object.keys(shown).sort()).toEqual(['freeBytes', 'id', 'label', 'readOnly', 'sizeBytes']);
    const json = JSON.stringify(shown);
    expect(json).not.toContain(dir);
    expect(json).not.toContain('/');
    expect(shown.id).not.toContain(drive!.mountpoint);
  });

  it('resolveDrive finds a plugged-in drive by id and nothing for a pulled or made-up one', async () => {
    const dir = temp();
    mkdirSync(join(dir, 'USB'));
    const source = new FolderDrives(dir);
    const [drive] = await source.list();
    expect((await resolveDrive(source, drive!.id))?.mountpoint).toBe(join(dir, 'USB'));
    expect(await resolveDrive(source, 'AAAAAAAAAAAAAAAA')).toBeUndefined();
    expect(await resolveDrive(source, join(dir, 'USB'))).toBeUndefined();
    rmSync(join(dir, 'USB'), { recursive: true });
    expect(await resolveDrive(source, drive!.id)).toBeUndefined();
  });
});

import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveOnDrive, unsafeDrivePathReason } from '../../../main/core/drives/paths';
import { useTempDirs } from '../../helpers/core';

const temp = useTempDirs('balai-drivepath-');

// <tmp>/stick is the drive; <tmp>/secret.txt and <tmp>/outside/ sit next to it.
let tmp: string;
let stick: { mountpoint: string };
let real: string;
beforeEach(() => {
  tmp = temp();
  const mountpoint = join(tmp, 'stick');
  mkdirSync(join(mountpoint, 'kursus'), { recursive: true });
  mkdirSync(join(tmp, 'outside'));
  writeFileSync(join(tmp, 'secret.txt'), 'SECRET');
  writeFileSync(join(mountpoint, 'kursus', 'a.balaicourse'), 'zip');
  symlinkSync(join(tmp, 'secret.txt'), join(mountpoint, 'leak.txt'));
  symlinkSync(join(tmp, 'outside'), join(mountpoint, 'out-dir'));
  symlinkSync(join(tmp, 'outside', 'not-yet.txt'), join(mountpoint, 'dangling.txt'));
  symlinkSync(join(mountpoint, 'kursus'), join(mountpoint, 'alias'));
  stick = { mountpoint };
  real = realpathSync(mountpoint);
});

describe('resolveOnDrive', () => {
  const refused: [string, string][] = [
    ['..', '..'],
    ['.. to a sibling', '../secret.txt'],
    ['.. in the middle', 'kursus/../../secret.txt'],
    ['. segment', './kursus/a.balaicourse'],
    ['absolute', '/etc/passwd'],
    ['absolute, even into the drive', '/tmp/stick/kursus'],
    ['drive letter', 'C:/Windows/win.ini'],
    ['drive-relative', 'C:win.ini'],
    ['backslash', 'kursus\\a.balaicourse'],
    ['backslash escape', '..\\secret.txt'],
    ['alternate data stream', 'kursus/a.balaicourse:evil'],
    ['empty', ''],
    ['double slash', 'kursus//a.balaicourse'],
    ['trailing slash', 'kursus/'],
    ['trailing dot (Windows drops it)', 'kursus/a.balaicourse.'],
    ['trailing space', '.. /secret.txt'],
    ['device name', 'CON'],
    ['device name with extension', 'kursus/nul.txt'],
    ['control character', 'a\u0001b'],
    ['NUL byte', 'a.txt\u0000.balaicourse'],
    ['wildcard', 'kursus/*.balaicourse'],
  ];
  it.each(refused)('refuses %s', (_name, path) => {
    const answer = resolveOnDrive(stick, path);
    expect(answer.ok).toBe(false);
  });

  it('refuses a link to a file off the drive', () => {
    expect(resolveOnDrive(stick, 'leak.txt')).toEqual({ ok: false, reason: 'link leaves the drive' });
  });

  it('refuses a path through a link to a folder off the drive, whether the file exists or not', () => {
    writeFileSync(join(tmp, 'outside', 'there.txt'), 'x');
    expect(resolveOnDrive(stick, 'out-dir/there.txt')).toEqual({
      ok: false,
      reason: 'link leaves the drive',
    });
    expect(resolveOnDrive(stick, 'out-dir/new/file.balaibundle')).toEqual({
      ok: false,
      reason: 'link leaves the drive',
    });
  });

  it('refuses a dangling link, which a write would follow off the drive', () => {
    expect(resolveOnDrive(stick, 'dangling.txt')).toMatchObject({ ok: false });
  });

  it('refuses everything once the drive is pulled', () => {
    expect(resolveOnDrive({ mountpoint: join(tmp, 'gone') }, 'a.txt')).toEqual({
      ok: false,
      reason: 'drive not found',
    });
  });

  it('gives the path of an existing file, of a new file, and of a file in folders not made yet', () => {
    expect(resolveOnDrive(stick, 'kursus/a.balaicourse')).toEqual({
      ok: true,
      path: join(real, 'kursus', 'a.balaicourse'),
    });
    expect(resolveOnDrive(stick, 'export.balaibundle')).toEqual({
      ok: true,
      path: join(real, 'export.balaibundle'),
    });
    expect(resolveOnDrive(stick, 'BalaiBelajar/hasil/2026/export.balaibundle')).toEqual({
      ok: true,
      path: join(real, 'BalaiBelajar', 'hasil', '2026', 'export.balaibundle'),
    });
  });

  it('accepts names people give files (spaces, brackets, dots inside) and links that stay on the drive', () => {
    writeFileSync(join(stick.mountpoint, 'Kursus Desa (1).balaicourse'), 'x');
    expect(resolveOnDrive(stick, 'Kursus Desa (1).balaicourse')).toMatchObject({ ok: true });
    expect(resolveOnDrive(stick, '..hidden.txt')).toMatchObject({ ok: true });
    expect(resolveOnDrive(stick, 'alias/a.balaicourse')).toEqual({
      ok: true,
      path: join(real, 'kursus', 'a.balaicourse'),
    });
  });

  it('works when the mountpoint itself is reached through a link', () => {
    symlinkSync(stick.mountpoint, join(tmp, 'stick-link'));
    expect(resolveOnDrive({ mountpoint: join(tmp, 'stick-link') }, 'kursus/a.balaicourse')).toEqual({
      ok: true,
      path: join(real, 'kursus', 'a.balaicourse'),
    });
  });
});

describe('unsafeDrivePathReason', () => {
  it('says why, in words for the log', () => {
    expect(unsafeDrivePathReason('../x')).toBe('path escape');
    expect(unsafeDrivePathReason('a\\b')).toBe('backslash in path');
    expect(unsafeDrivePathReason('/x')).toBe('absolute path');
    expect(unsafeDrivePathReason('kursus/a.balaicourse')).toBeNull();
  });
});

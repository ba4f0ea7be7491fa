import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFiles } from '../../../main/core/drives/find';
import { resolveOnDrive } from '../../../main/core/drives/paths';
import { useTempDirs } from '../../helpers/core';

const temp = useTempDirs('balai-find-');
const COURSES = { extensions: ['.balaicourse'] };

function put(root: string, rel: string, body = 'x'): void {
  const file = join(root, ...rel.split('/'));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, body);
}

describe('findFiles', () => {
  it('finds matching files with their sizes, case-insensitively, as relative / paths', async () => {
    const root = temp();
    put(root, 'a.balaicourse', '12345');
    put(root, 'KURSUS/DESA.BALAICOURSE', '12');
    put(root, 'kursus/readme.txt');
    put(root, 'kursus/a.balaicourse.part');
    const found = await findFiles({ mountpoint: root }, COURSES);
    expect(found).toEqual({
      files: [
        { path: 'KURSUS/DESA.BALAICOURSE', sizeBytes: 2 },
        { path: 'a.balaicourse', sizeBytes: 5 },
      ],
      stoppedBy: null,
    });
    // Every path found can be opened through resolveOnDrive.
    for (const f of found.files) expect(resolveOnDrive({ mountpoint: root }, f.path).ok).toBe(true);
  });

  it('looks maxDepth folders deep and no deeper', async () => {
    const root = temp();
    put(root, 'd0.balaicourse');
    put(root, 'a/d1.balaicourse');
    put(root, 'a/b/d2.balaicourse');
    put(root, 'a/b/c/d3.balaicourse');
    put(root, 'a/b/c/d/d4.balaicourse');
    const paths = async (maxDepth?: number) =>
      (await findFiles({ mountpoint: root }, { ...COURSES, maxDepth })).files.map((f) => f.path);
    expect(await paths(0)).toEqual(['d0.balaicourse']);
    expect(await paths(1)).toEqual(['a/d1.balaicourse', 'd0.balaicourse']);
    expect(await paths()).toEqual([
      'a/b/c/d3.balaicourse',
      'a/b/d2.balaicourse',
      'a/d1.balaicourse',
      'd0.balaicourse',
    ]);
  });

  it('stops at maxFiles, shallow files first, and says so', async () => {
    const root = temp();
    for (let i = 0; i < 5; i++) put(root, `deep/k${i}.balaicourse`);
    for (let i = 0; i < 3; i++) put(root, `top${i}.balaicourse`);
    const found = await findFiles({ mountpoint: root }, { ...COURSES, maxFiles: 4 });
    expect(found.stoppedBy).toBe('maxFiles');
    expect(found.files).toHaveLength(4);
    expect(found.files.filter((f) => f.path.startsWith('top'))).toHaveLength(3);
    // Exactly maxFiles matches is a complete answer, not a cut one.
    expect((await findFiles({ mountpoint: root }, { ...COURSES, maxFiles: 8 })).stoppedBy).toBeNull();
  });

  it('stops at maxEntries on a folder with many files', async () => {
    const root = temp();
    for (let i = 0; i < 300; i++) put(root, `photos/IMG_${i}.jpg`);
    put(root, 'z.balaicourse');
    const found = await findFiles({ mountpoint: root }, { ...COURSES, maxEntries: 100 });
    expect(found.stoppedBy).toBe('maxEntries');
  });

  it('stops when time is up or when asked to', async () => {
    const root = temp();
    put(root, 'a.balaicourse');
    expect((await findFiles({ mountpoint: root }, { ...COURSES, timeLimitMs: -1 })).stoppedBy).toBe('time');
    const controller = new AbortController();
    controller.abort();
    expect((await findFiles({ mountpoint: root }, { ...COURSES, signal: controller.signal })).stoppedBy).toBe(
      'aborted',
    );
  });

  it('does not follow a linked folder or list a linked file', async () => {
    const root = temp();
    const outside = temp();
    put(outside, 'elsewhere.balaicourse');
    put(outside, 'sub/deeper.balaicourse');
    put(root, 'real.balaicourse');
    symlinkSync(outside, join(root, 'linked-dir'));
    symlinkSync(join(outside, 'elsewhere.balaicourse'), join(root, 'linked.balaicourse'));
    // A loop: a folder on the stick linking to its own root.
    symlinkSync(root, join(root, 'loop'));
    const found = await findFiles({ mountpoint: root }, COURSES);
    expect(found.files.map((f) => f.path)).toEqual(['real.balaicourse']);
  });

  it('skips hidden and system folders, and answers nothing for a pulled drive', async () => {
    const root = temp();
    put(root, '.Trashes/a.balaicourse');
    put(root, 'System Volume Information/b.balaicourse');
    put(root, '$RECYCLE.BIN/c.balaicourse');
    put(root, 'ok/d.balaicourse');
    expect((await findFiles({ mountpoint: root }, COURSES)).files.map((f) => f.path)).toEqual([
      'ok/d.balaicourse',
    ]);
    expect(await findFiles({ mountpoint: join(root, 'gone') }, COURSES)).toEqual({
      files: [],
      stoppedBy: null,
    });
  });
});

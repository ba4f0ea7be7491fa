import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeMount } from '../../helpers/mount';
import { exportBundle, type ExportOptions, type ExportTarget } from '../../../main/core/bundles/export';
import { sql } from '../../../main/core/db/sql';
import { sticksDirFor, useTempDirs } from '../../helpers/core';
import { filesUnder, mustExport, villageWithResults, type BundleVillage } from './kiosk';

const DESA_FOLDER = ['BalaiBelajar', '33_02_05_2001'];

const NO_MOUNT = probeMount();
if (NO_MOUNT) console.log(`skipping the real full and read-only stick tests: ${NO_MOUNT}`);

/** Nothing on the stick that looks like a bundle, and no temp file either. */
function expectNoBundleLeft(root: string): void {
  const files = filesUnder(root);
  expect(files.filter((f) => /\.balaibundle$/i.test(f))).toEqual([]);
  expect(files.filter((f) => /\.tmp$/i.test(f))).toEqual([]);
}

function exportsRecorded(w: BundleVillage): number {
  return w.core.services.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM bundle_exports`)!.n;
}

/** Runs `act` once, the first time the export reports progress in `phase`. */
function onFirst(phase: string, act: () => void): ExportOptions['onProgress'] {
  let done = false;
  return (p) => {
    if (p.phase === phase && !done) {
      done = true;
      act();
    }
  };
}

async function expectNextExportWorks(w: BundleVillage, target: ExportTarget = w.stick): Promise<void> {
  const next = await mustExport(w, target);
  expect(next.bundleSeq).toBe(1);
  expect(exportsRecorded(w)).toBe(1);
}

describe('a failed export leaves nothing that looks valid, and the next one works', () => {
  const tempDir = useTempDirs();

  it('the folder on the stick disappears while the bundle is written', async () => {
    const w = await villageWithResults(tempDir());
    const folder = join(w.stick.mountpoint, ...DESA_FOLDER);
    const r = await exportBundle(w.core.services, w.stick, {
      onProgress: onFirst('write', () => rmSync(folder, { recursive: true, force: true })),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'folder_gone' } } });
    expectNoBundleLeft(w.stick.mountpoint);
    expect(exportsRecorded(w)).toBe(0);
    await expectNextExportWorks(w);
    w.close();
  });

  it('the whole stick is pulled out while the bundle is written', async () => {
    const w = await villageWithResults(tempDir());
    const r = await exportBundle(w.core.services, w.stick, {
      onProgress: onFirst('write', () => rmSync(w.stick.mountpoint, { recursive: true, force: true })),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'DRIVE_NOT_FOUND', details: { reason: 'pulled' } } });
    expect(exportsRecorded(w)).toBe(0);
    // Plugged in again: the export starts over with the same bundle number.
    mkdirSync(w.stick.mountpoint);
    await expectNextExportWorks(w);
    w.close();
  });

  it('the folder is replaced by a file while the bundle is written', async () => {
    const w = await villageWithResults(tempDir());
    const folder = join(w.stick.mountpoint, ...DESA_FOLDER);
    const r = await exportBundle(w.core.services, w.stick, {
      onProgress: onFirst('write', () => {
        rmSync(folder, { recursive: true, force: true });
        writeFileSync(folder, 'not a folder');
      }),
    });
    expect(r).toMatchObject({ ok: false, error: { details: { reason: 'folder_gone' } } });
    expectNoBundleLeft(w.stick.mountpoint);
    rmSync(folder);
    await expectNextExportWorks(w);
    w.close();
  });

  it('a read-only stick (write-protect switch) is refused before anything is written', async () => {
    const w = await villageWithResults(tempDir());
    const r = await exportBundle(w.core.services, { ...w.stick, readOnly: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'read_only' } } });
    expect(filesUnder(w.stick.mountpoint).filter((f) => f.startsWith(DESA_FOLDER.join('/')))).toEqual([]);
    await expectNextExportWorks(w);
    w.close();
  });

  it('a stick without room for the bundle is refused before the bundle is written', async () => {
    const w = await villageWithResults(tempDir());
    const r = await exportBundle(w.core.services, { ...w.stick, freeBytes: 4096 });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        details: { reason: 'no_space', freeBytes: 4096, neededBytes: expect.any(Number) as unknown },
      },
    });
    expectNoBundleLeft(w.stick.mountpoint);
    await expectNextExportWorks(w);
    w.close();
  });

  it('a bundle that does not read back as written is removed and not counted', async () => {
    const w = await villageWithResults(tempDir());
    const final = join(w.stick.mountpoint, ...DESA_FOLDER, 'Adisana-20261101-0001.balaibundle');
    const r = await exportBundle(w.core.services, w.stick, {
      onProgress: onFirst('verify', () => {
        const bytes = readFileSync(final);
        bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff; // a bad sector on the stick
        writeFileSync(final, bytes);
      }),
    });
    expect(r).toMatchObject({ ok: false, error: { details: { reason: 'verify_failed' } } });
    expectNoBundleLeft(w.stick.mountpoint);
    expect(exportsRecorded(w)).toBe(0);
    await expectNextExportWorks(w);
    w.close();
  });

  it('a cancelled export leaves nothing', async () => {
    const w = await villageWithResults(tempDir());
    const abort = new AbortController();
    const r = await exportBundle(w.core.services, w.stick, {
      signal: abort.signal,
      onProgress: onFirst('write', () => abort.abort()),
    });
    expect(r).toMatchObject({ ok: false, error: { details: { reason: 'cancelled' } } });
    expectNoBundleLeft(w.stick.mountpoint);
    await expectNextExportWorks(w);
    w.close();
  });
});

describe.skipIf(NO_MOUNT !== null)('on a real small filesystem (tmpfs standing in for a stick)', () => {
  const tempDir = useTempDirs();
  const mounted: string[] = [];
  afterEach(() => {
    while (mounted.length) spawnSync('umount', ['-l', mounted.pop()!]);
  });

  async function smallStick(w: BundleVillage, size: string): Promise<ExportTarget> {
    const mountpoint = join(sticksDirFor(w.dataDir), 'KECIL');
    mkdirSync(mountpoint);
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountpoint], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    mounted.push(mountpoint);
    const drive = (await w.core.services.drives.list()).find((d) => d.label === 'KECIL');
    if (!drive) throw new Error('tmpfs stick not listed');
    return drive;
  }

  /** Writes a file until the filesystem says it is full. */
  function fill(file: string): void {
    const fd = openSync(file, 'w');
    const block = Buffer.alloc(16 * 1024, 1);
    try {
      for (;;) writeSync(fd, block);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      closeSync(fd);
    }
  }

  it('the stick fills up while the bundle is written (ENOSPC)', async () => {
    const w = await villageWithResults(tempDir());
    const stick = await smallStick(w, '4m');
    const filler = join(stick.mountpoint, 'film.mp4');
    const r = await exportBundle(w.core.services, stick, {
      onProgress: onFirst('write', () => fill(filler)),
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'no_space', code: 'ENOSPC' } },
    });
    expectNoBundleLeft(stick.mountpoint);
    expect(exportsRecorded(w)).toBe(0);
    rmSync(filler);
    await expectNextExportWorks(w, stick);
    w.close();
  });

  it('the stick turns read-only during the export', async () => {
    const w = await villageWithResults(tempDir());
    const stick = await smallStick(w, '4m');
    const r = await exportBundle(w.core.services, stick, {
      onProgress: onFirst('collect', () => {
        const ro = spawnSync('mount', ['-o', 'remount,ro', stick.mountpoint], { encoding: 'utf8' });
        if (ro.status !== 0) throw new Error(ro.stderr);
      }),
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'read_only' } } });
    expectNoBundleLeft(stick.mountpoint);
    spawnSync('mount', ['-o', 'remount,rw', stick.mountpoint]);
    await expectNextExportWorks(w, stick);
    w.close();
  });
});

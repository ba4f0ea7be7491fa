import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../main/core/app';
import { restoreBackup } from '../../../main/core/backup/restore';
import { exportBundle, folderTarget } from '../../../main/core/bundles/export';
import { Db } from '../../../main/core/db/database';
import { photoProblem, pictureOf } from '../../../main/core/learners/pictures';
import { useTempDirs } from '../../helpers/core';
import { makeWorld } from '../../helpers/world';
import { backUp, stickFor } from '../backup/helpers';

/**
 * A JPEG's structure as the kiosk checks it: SOI, a comment segment (where the test hides a marker it can
 * look for in files), the frame header with the size, EOI. The screen makes real JPEGs with a canvas.
 */
function jpeg(width: number, height: number, marker = 'FOTO-ANI-RAHASIA-7f3a'): Buffer {
  const comment = Buffer.from(marker);
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), u16(comment.length + 2), comment]);
  const sof = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    ...u16(height),
    ...u16(width),
    0x03,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    com,
    sof,
    Buffer.alloc(200, 0x55),
    Buffer.from([0xff, 0xd9]),
  ]);
}
function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
const MARKER = Buffer.from('FOTO-ANI-RAHASIA-7f3a');

/** Every byte of every entry of a zip (the bundle), unpacked. */
async function zipBytes(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const parts: Buffer[] = [];
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => zip.readEntry());
        }),
      );
      zip.on('end', () => resolve(Buffer.concat(parts)));
      zip.readEntry();
    });
  });
}

describe('pictures on name cards', () => {
  const tempDir = useTempDirs();

  it('checks a photo: a JPEG, small, no side over 512 px; anything else is refused and not stored', async () => {
    expect(photoProblem(jpeg(256, 256))).toBeNull();
    expect(photoProblem(jpeg(1024, 768))).toMatch(/1024×768/);
    expect(photoProblem(Buffer.from('89504e470d0a1a0a', 'hex'))).toBe('not a JPEG');
    expect(photoProblem(jpeg(256, 256).subarray(0, 120))).not.toBeNull();
    const w = await makeWorld(tempDir());
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]).toString('base64');
    const r = await w.call(w.operator, 'learners.setPicture', {
      id: w.learnerA,
      picture: { kind: 'photo', jpegBase64: png, consent: true },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_CONTENT' } });
    // Without the official's consent the call itself is refused.
    const noConsent = await w.call(w.operator, 'learners.setPicture', {
      id: w.learnerA,
      // As a caller that skips the consent would send it (the type demands it, so it is forced here).
      picture: { kind: 'photo', jpegBase64: jpeg(64, 64).toString('base64') } as unknown as { kind: 'none' },
    });
    expect(noConsent).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect((await w.must(w.operator, 'learners.picture', { id: w.learnerA })).picture).toBeNull();
    w.close();
  });

  it('shows the photo or avatar on the name card; erasure removes the photo from the database file', async () => {
    const dir = tempDir();
    const w = await makeWorld(dir);
    await w.must(w.operator, 'learners.setPicture', {
      id: w.learnerA,
      picture: { kind: 'photo', jpegBase64: jpeg(256, 256).toString('base64'), consent: true },
    });
    await w.must(w.operator, 'learners.setPicture', {
      id: w.learnerB,
      picture: { kind: 'avatar', avatar: 'perahu' },
    });
    const { cards } = await w.must(w.core.newSession(), 'auth.roster', { search: '' });
    const card = (id: string) => cards.find((c) => c.id === id)!;
    expect(card(w.learnerA).picture).toEqual({
      kind: 'photo',
      dataUrl: `data:image/jpeg;base64,${jpeg(256, 256).toString('base64')}`,
    });
    expect(card(w.learnerB).picture).toEqual({ kind: 'avatar', avatar: 'perahu' });
    const files = () => [DB_FILE, `${DB_FILE}-wal`].map((f) => join(dir, f)).filter((f) => existsSync(f));
    const holdsPhoto = () => files().some((f) => readFileSync(f).includes(MARKER));
    w.core.services.db.checkpoint();
    expect(holdsPhoto()).toBe(true); // the check sees the photo while it is there

    await w.must(w.operator, 'learners.erase', { id: w.learnerA, confirm: true });
    const audit = await w.must(w.operator, 'audit.list', { limit: 5 });
    expect(audit.entries.map((e) => e.action)).toContain('learner.picture');
    w.close();
    expect(holdsPhoto()).toBe(false);
  });

  it('a result bundle never carries the photo; the encrypted backup does, and restores it', async () => {
    const w = await makeWorld(tempDir());
    await w.must(w.operator, 'learners.setPicture', {
      id: w.learnerA,
      picture: { kind: 'photo', jpegBase64: jpeg(200, 240).toString('base64'), consent: true },
    });
    const stick = stickFor(w, 'BUNDLE');
    const exported = await exportBundle(w.core.services, folderTarget(stick));
    expect(exported.ok).toBe(true);
    if (!exported.ok) return;
    const bundle = join(stick, ...exported.value.path.split('/'));
    const inside = await zipBytes(bundle);
    expect(inside.length).toBeGreaterThan(1000);
    expect(inside.includes(MARKER)).toBe(false);
    expect(inside.includes(Buffer.from(jpeg(200, 240).toString('base64')))).toBe(false);
    // Nothing else written on the stick holds it either (the XLSX summary, the roster).
    for (const f of readdirSync(stick, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()))
      expect(readFileSync(join(f.parentPath, f.name)).includes(MARKER), f.name).toBe(false);

    const done = await backUp(w, 'kata sandi desa kami');
    // Encrypted: the photo's bytes are not readable in the backup file.
    expect(readFileSync(done.file).includes(MARKER)).toBe(false);
    w.close();
    const newPc = tempDir();
    const restored = await restoreBackup(done.file, newPc, 'kata sandi desa kami');
    expect(restored.ok).toBe(true);
    const db = Db.open(join(newPc, DB_FILE));
    try {
      expect(pictureOf(db, w.learnerA)).toEqual({
        kind: 'photo',
        dataUrl: `data:image/jpeg;base64,${jpeg(200, 240).toString('base64')}`,
      });
    } finally {
      db.close();
    }
  });
});

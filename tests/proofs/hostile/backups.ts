/**
 * Hostile backups, restored as a new PC restores one (`restoreBackup` into a folder that does not exist yet,
 * which must still not exist afterwards), and once through the set-up screen's API on the village itself.
 * Some are the village's real backup damaged; others are sealed again with the passphrase, as someone who
 * knows it (a chosen passphrase is told around) could make them, so only the payload inside is hostile.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  BACKUP_MAGIC,
  passphraseBytes,
  sealBackup,
  type BackupHeader,
  type HeaderFields,
} from '../../../main/core/backup/format';
import { openAndCheck } from '../../../main/core/backup/inspect';
import {
  fileEntry,
  PAYLOAD_MANIFEST,
  zipPayload,
  type BackupManifest,
} from '../../../main/core/backup/payload';
import { restoreBackup } from '../../../main/core/backup/restore';
import { newPrivateKeyFile, publicHalf } from '../../../main/core/packages/keys';
import { claimSizes, deflatedZeros, rawZip, type ZipItem } from '../../core/packages/fixtures';
import { FAST_SCRYPT } from '../../helpers/core';
import { fromResult, scratchFile, type HostileCase, type Outcome, type ProofVillage } from './harness';

async function restore(v: ProofVillage, bytes: Buffer, passphrase = v.backup.passphrase): Promise<Outcome> {
  const file = scratchFile(v, 'cadangan.balaibackup', bytes);
  const target = join(v.scratch('pc-baru'), 'data');
  const outcome = fromResult(await restoreBackup(file, target, passphrase));
  return existsSync(target) ? { ...outcome, changed: `restore left ${basename(target)} behind` } : outcome;
}

const backup = (
  name: string,
  expect: string | RegExp,
  bytes: (v: ProofVillage, good: Buffer) => Buffer | Promise<Buffer>,
  passphrase?: string,
): HostileCase => ({
  target: 'backup',
  name,
  expect,
  run: async (v) => restore(v, await bytes(v, readFileSync(v.backup.file)), passphrase),
});

/** The good backup with one byte flipped at `at` (negative: from the end). */
const flipped = (good: Buffer, at: number) => {
  const copy = Buffer.from(good);
  const i = at < 0 ? copy.length + at : at;
  copy[i] = copy[i]! ^ 0x01;
  return copy;
};

/** The good backup with its clear header (JSON text) replaced; the tag no longer fits, but the header is read first. */
function withHeader(good: Buffer, header: Buffer, length = header.length): Buffer {
  const end = BACKUP_MAGIC.length + 4 + good.readUInt32BE(BACKUP_MAGIC.length);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(length);
  return Buffer.concat([BACKUP_MAGIC, size, header, good.subarray(end)]);
}

const headerOf = (good: Buffer) =>
  JSON.parse(
    good
      .subarray(BACKUP_MAGIC.length + 4, BACKUP_MAGIC.length + 4 + good.readUInt32BE(BACKUP_MAGIC.length))
      .toString(),
  ) as BackupHeader;

interface Opened {
  header: BackupHeader;
  manifest: BackupManifest;
  parts: Map<string, Buffer>;
}

/**
 * Opens the good backup, lets `payload` make a new payload from its contents, and seals it with the
 * passphrase (header fields as they were, or as `fields` changes them).
 */
async function resealed(
  v: ProofVillage,
  good: Buffer,
  payload: (o: Opened) => Buffer | Promise<Buffer>,
  fields: Partial<HeaderFields> = {},
): Promise<Buffer> {
  const opened = await openAndCheck(good, v.backup.passphrase);
  if (!opened.ok) throw new Error(opened.error.message);
  const h = opened.value.header;
  const sealed = await sealBackup(
    {
      createdAt: h.createdAt,
      appVersion: h.appVersion,
      schemaVersion: h.schemaVersion,
      deviceId: h.deviceId,
      desaCode: h.desaCode,
      desaName: h.desaName,
      kecamatanName: h.kecamatanName,
      kabupatenName: h.kabupatenName,
      provinsiName: h.provinsiName,
      passphrase: h.passphrase,
      ...fields,
    },
    await payload(opened.value),
    passphraseBytes(h.passphrase, v.backup.passphrase),
    FAST_SCRYPT,
  );
  return sealed.bytes;
}

/** A payload zip of the parts plus `extra` raw entries, the manifest listing them all (hashes right). */
function payloadWith(o: Opened, extra: ZipItem[], manifest: Partial<BackupManifest> = {}): Buffer {
  const items: ZipItem[] = [...o.parts].map(([name, data]) => ({ name, data, compress: true }));
  const listed = [...items, ...extra].map((i) => fileEntry(String(i.name), i.data));
  const m: BackupManifest = { ...o.manifest, files: listed, ...manifest };
  return rawZip([...items, ...extra, { name: PAYLOAD_MANIFEST, data: Buffer.from(JSON.stringify(m)) }]);
}

export const backupCases: HostileCase[] = [
  backup(
    'wrong passphrase',
    'INVALID_CONTENT wrong_passphrase_or_damaged',
    (_v, good) => good,
    'bukan kata sandinya',
  ),
  backup(
    'one byte changed in the encrypted payload',
    'INVALID_CONTENT wrong_passphrase_or_damaged',
    (_v, good) => flipped(good, Math.floor(good.length / 2)),
  ),
  backup(
    'the desa name changed in the clear header',
    'INVALID_CONTENT wrong_passphrase_or_damaged',
    (_v, good) => {
      const at = good.indexOf(Buffer.from('"desaName":"')) + 13;
      return flipped(good, at);
    },
  ),
  backup('one byte changed in the tag', 'INVALID_CONTENT wrong_passphrase_or_damaged', (_v, good) =>
    flipped(good, -1),
  ),
  backup('cut short', 'INVALID_CONTENT truncated', (_v, good) => good.subarray(0, good.length - 1000)),
  backup('bytes appended', 'INVALID_CONTENT damaged', (_v, good) =>
    Buffer.concat([good, Buffer.from('lagi')]),
  ),
  backup('a bundle named .balaibackup', 'INVALID_CONTENT not_a_backup', (v) => readFileSync(v.bundleFile)),
  backup('a header length of 4 GiB', 'INVALID_CONTENT not_a_backup: backup header too large', (_v, good) =>
    withHeader(good, Buffer.alloc(0), 0xffff_ffff),
  ),
  backup(
    'a header that is not UTF-8',
    'INVALID_CONTENT not_a_backup: the backup header is not readable JSON',
    (_v, good) => withHeader(good, Buffer.from([0x7b, 0x22, 0xc0, 0x80, 0x22, 0x3a, 0x31, 0x7d])),
  ),
  backup('a header nested 5,000 deep', /INVALID_CONTENT not_a_backup/, (_v, good) =>
    withHeader(good, Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`)),
  ),
  backup('a header from a newer format', 'INVALID_CONTENT newer_format', (_v, good) =>
    withHeader(good, Buffer.from(JSON.stringify({ ...headerOf(good), formatVersion: 2 }))),
  ),
  backup(
    'a header asking scrypt for 128 GiB (N = 2^30)',
    /INVALID_CONTENT not_a_backup: backup header invalid: kdf/,
    (_v, good) => {
      const h = headerOf(good);
      return withHeader(good, Buffer.from(JSON.stringify({ ...h, kdf: { ...h.kdf, N: 2 ** 30 } })));
    },
  ),
  backup('a header with "__proto__"', /INVALID_CONTENT not_a_backup: backup header invalid/, (_v, good) => {
    const text = JSON.stringify(headerOf(good)).replace('{', '{"__proto__":{"passphrase":"chosen"},');
    return withHeader(good, Buffer.from(text));
  }),
  // Sealed again with the passphrase: only the payload is hostile.
  backup(
    'a part named "keys/../../device-key.pem"',
    /INVALID_CONTENT damaged: backup contents unreadable: unsafe name: path escape/,
    (v, good) =>
      resealed(v, good, (o) =>
        payloadWith(o, [{ name: 'keys/../../device-key.pem', data: Buffer.from('x') }]),
      ),
  ),
  backup('a part with an absolute path', /INVALID_CONTENT damaged: .*unsafe name: absolute path/, (v, good) =>
    resealed(v, good, (o) => payloadWith(o, [{ name: '/etc/cron.d/balai', data: Buffer.from('x') }])),
  ),
  backup('a symlink as a trusted publisher key', /INVALID_CONTENT damaged: .*symbolic link/, (v, good) =>
    resealed(v, good, (o) =>
      payloadWith(o, [
        { name: 'keys/publishers/link.json', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
      ]),
    ),
  ),
  backup(
    'an honest zip bomb (1.5 GiB of zeros in 1.5 MB)',
    /INVALID_CONTENT damaged: .*unpacks to more than 1073741824 bytes/,
    (v, good) =>
      resealed(v, good, (o) => {
        const bomb = deflatedZeros(1536);
        const zip = payloadWith(o, [{ name: 'keys/bom.json', data: bomb.body }]);
        return claimSizes(zip, 'keys/bom.json', {
          compressed: bomb.body.length,
          uncompressed: bomb.size,
          deflatedWithCrc: bomb.crc,
        });
      }),
  ),
  backup(
    'a part the manifest does not list',
    /INVALID_CONTENT damaged: keys\/tambahan.json is not in the manifest/,
    (v, good) =>
      resealed(v, good, (o) =>
        zipPayload(new Map([...o.parts, ['keys/tambahan.json', Buffer.from('{}')]]), o.manifest, new Date()),
      ),
  ),
  backup('a database from a newer app (schema 999)', 'INVALID_CONTENT newer_app', (v, good) =>
    resealed(v, good, (o) => zipPayload(o.parts, { ...o.manifest, schemaVersion: 999 }, new Date()), {
      schemaVersion: 999,
    }),
  ),
  backup(
    'a database that is not SQLite (hashes right)',
    /INVALID_CONTENT damaged: database unreadable/,
    (v, good) =>
      resealed(v, good, (o) => {
        const parts = new Map(o.parts).set(
          'database.sqlite',
          Buffer.from('SQLite format 3\u0000 bukan basis data'),
        );
        return zipPayload(
          parts,
          { ...o.manifest, files: [...parts].map(([p, d]) => fileEntry(p, d)) },
          new Date(),
        );
      }),
  ),
  {
    // Sealed again by someone who knows the passphrase, with their own publisher key planted in keys/: the
    // restore is the village's own and goes ahead, but the planted key must not become trusted.
    target: 'backup',
    name: 'a planted publisher key in keys/publishers',
    expect: 'ignored: keys not restored: keys/publishers/',
    run: async (v) => {
      const attacker = newPrivateKeyFile('Penerbit palsu');
      const planted = `keys/publishers/${attacker.keyId}.json`;
      const bytes = await resealed(v, readFileSync(v.backup.file), (o) =>
        payloadWith(o, [{ name: planted, data: Buffer.from(JSON.stringify(publicHalf(attacker))) }]),
      );
      const file = scratchFile(v, 'cadangan-tanam.balaibackup', bytes);
      const target = join(v.scratch('pc-baru-kunci'), 'data');
      const restored = await restoreBackup(file, target, v.backup.passphrase);
      try {
        if (!restored.ok) return fromResult(restored);
        if (existsSync(join(target, 'keys')) || existsSync(join(target, ...planted.split('/'))))
          return {
            kind: 'accepted',
            detail: `the planted key ${attacker.keyId} is trusted after the restore`,
          };
        if (!restored.value.keysNotRestored.includes(planted))
          return { kind: 'accepted', detail: 'the restore does not say it left the planted key out' };
        return { kind: 'ignored', reason: `keys not restored: ${restored.value.keysNotRestored.join(', ')}` };
      } finally {
        rmSync(target, { recursive: true, force: true });
      }
    },
  },
  {
    target: 'backup',
    name: 'restored through the set-up screen onto the set-up village',
    expect: 'ALREADY_SET_UP',
    run: async (v) =>
      fromResult(
        await v.call(v.core.newSession(), 'setup.restore', {
          driveId: v.stickId,
          path: v.backup.file
            .slice(v.stick.mountpoint.length + 1)
            .split('\\')
            .join('/'),
          passphrase: v.backup.passphrase,
        }),
      ),
  },
];

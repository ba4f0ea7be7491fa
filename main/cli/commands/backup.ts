import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Result } from '../../api/result';
import { DB_FILE } from '../../core/app';
import { createBackup } from '../../core/backup/create';
import type { BackupHeader } from '../../core/backup/format';
import { inspectBackup } from '../../core/backup/inspect';
import { restoreBackup } from '../../core/backup/restore';
import { peekSignedVersion } from '../../core/packages/course-package';
import { DEFAULT_LIMITS } from '../../core/packages/limits';
import { dataDir, parse, Refused, UsageError } from '../args';
import { FAST_SCRYPT, openCore } from '../core';
import { RESOURCES_DIR } from '../paths';

/** The reasons a person reads, in Indonesian, by `details.reason` (else by error code). */
const INDONESIAN: Record<string, string> = {
  wrong_passphrase_or_damaged: 'Kata sandi salah atau berkas rusak.',
  not_a_backup: 'Berkas ini bukan cadangan Balai Belajar.',
  newer_format: 'Cadangan ini dibuat oleh versi aplikasi yang lebih baru; perbarui aplikasi dulu.',
  newer_app: 'Cadangan ini dibuat oleh versi aplikasi yang lebih baru; perbarui aplikasi dulu.',
  truncated: 'Berkas cadangan terpotong; salin ulang dari flashdisk.',
  damaged: 'Berkas cadangan rusak.',
  too_large: 'Berkas terlalu besar untuk sebuah cadangan.',
  already_set_up: 'Komputer ini sudah diatur untuk sebuah desa; pulihkan hanya ke folder data yang kosong.',
  target_unreadable: 'Folder data berisi basis data yang tidak terbaca; gunakan folder yang kosong.',
  target_busy: 'Berkas tidak dapat dipindahkan; tutup aplikasi Balai Belajar lalu coba lagi.',
  write_failed: 'Gagal menulis berkas.',
  stick_removed: 'Flashdisk dicabut atau tidak ditemukan.',
  stick_full: 'Flashdisk penuh.',
  stick_read_only: 'Flashdisk tidak dapat ditulisi.',
  verify_failed: 'Pemeriksaan ulang berkas gagal; coba flashdisk lain.',
  not_this_recovery_code: 'Ini bukan kode pemulihan komputer ini.',
  passphrase_too_short: 'Kata sandi minimal 8 karakter.',
  passphrase_too_long: 'Kata sandi terlalu panjang.',
  NOT_SET_UP: 'Komputer ini belum diatur untuk sebuah desa.',
  NOT_FOUND: 'Berkas tidak ditemukan.',
};

/** Throws the refusal with its Indonesian text (`texts` first: a hub's backup words some reasons its own way). */
export function refuse(
  what: string,
  result: Extract<Result<unknown>, { ok: false }>,
  texts: Record<string, string> = {},
): never {
  const reason = result.error.details?.reason;
  const words = { ...INDONESIAN, ...texts };
  const indonesian =
    (typeof reason === 'string' ? words[reason] : undefined) ?? words[result.error.code] ?? 'Ditolak.';
  throw new Refused(`${what}: ${result.error.code} ${result.error.message}`, indonesian);
}

/** `--passphrase`, else `BALAI_BACKUP_PASSPHRASE`, else a usage error. */
export function passphraseOf(value: string | undefined): string {
  const passphrase = value ?? (process.env.BALAI_BACKUP_PASSPHRASE || undefined);
  if (!passphrase) throw new UsageError('--passphrase P (or BALAI_BACKUP_PASSPHRASE) is required');
  return passphrase;
}

function describeHeader(h: BackupHeader): string[] {
  return [
    `Balai Belajar backup (format ${h.formatVersion}), made ${h.createdAt} by app ${h.appVersion}`,
    `Desa ${h.desaName}, Kec. ${h.kecamatanName}, ${h.kabupatenName}, ${h.provinsiName} (${h.desaCode})`,
    `Device id: ${h.deviceId}`,
    `Opens with: ${h.passphrase === 'recovery-code' ? "the kiosk's recovery code" : 'a passphrase the operator chose'}`,
  ];
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export async function backup(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'create':
      return create(rest);
    case 'restore':
      return restore(rest);
    case 'inspect':
      return inspect(rest);
    default:
      throw new UsageError(verb ? `unknown backup command: ${verb}` : 'backup create, restore or inspect?');
  }
}

async function create(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    to: { type: 'string' },
    data: { type: 'string' },
    passphrase: { type: 'string' },
    json: { type: 'boolean', default: false },
    // Tests only: a cheap key derivation. Never for a real backup.
    'fast-hash': { type: 'boolean', default: false },
  });
  if (!values.to) throw new UsageError('--to DIR is required (the stick, or a folder)');
  const dir = dataDir(values.data);
  const passphrase = passphraseOf(values.passphrase);
  if (!existsSync(join(dir, DB_FILE)))
    throw new Refused(`refused: no installation in ${dir}`, 'Ditolak: tidak ada instalasi di folder ini.');
  if (!existsSync(values.to))
    throw new Refused(`refused: ${values.to} does not exist`, 'Ditolak: folder tujuan tidak ditemukan.');
  const core = openCore(dir, { quiet: true });
  try {
    const result = await createBackup(core.services, {
      drive: { mountpoint: resolve(values.to) },
      passphrase,
      ...(values['fast-hash'] ? { kdf: FAST_SCRYPT } : {}),
    });
    if (!result.ok) refuse('backup refused', result);
    const done = result.value;
    if (values.json) console.log(JSON.stringify(done));
    else {
      console.log(`Backup written and checked: ${done.file} (${megabytes(done.sizeBytes)})`);
      console.log(
        `  ${done.counts.learners} learners, ${done.counts.statements} statements, ${done.counts.certificates} certificates`,
      );
      console.log(
        `  Opens with ${done.passphrase === 'recovery-code' ? "this kiosk's recovery code" : 'the passphrase you chose'}; keep it safe (simpan baik-baik).`,
      );
    }
    return 0;
  } finally {
    core.close();
  }
}

async function restore(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      data: { type: 'string' },
      passphrase: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('give exactly one backup file');
  const dir = dataDir(values.data);
  const passphrase = passphraseOf(values.passphrase);
  const result = await restoreBackup(file, dir, passphrase);
  if (!result.ok) refuse('restore refused', result);
  const done = result.value;
  if (values.json) console.log(JSON.stringify(done));
  else {
    console.log(
      `Restored Desa ${done.desaName}, Kec. ${done.kecamatanName}, ${done.kabupatenName} (${done.desaCode}) into ${dir}`,
    );
    console.log(`Device id: ${done.deviceId} (backup made ${done.backupCreatedAt})`);
    console.log(
      `  ${done.counts.learners} learners, ${done.counts.statements} statements, ${done.counts.certificates} certificates`,
    );
    const builtIn = await builtInCourseIds();
    const returning = done.coursesToReinstall.filter((c) => builtIn.has(c.id));
    const fromStick = done.coursesToReinstall.filter((c) => !builtIn.has(c.id));
    const names = (list: typeof fromStick) => list.map((c) => `${c.title} ${c.version}`).join(', ');
    if (returning.length)
      console.log(
        `Built-in courses, installed again when the app first opens this folder: ${names(returning)}\n` +
          `  Kursus bawaan dipasang lagi saat aplikasi dibuka.`,
      );
    if (fromStick.length)
      console.log(
        `Courses to install again from their package (a stick or a file): ${names(fromStick)}\n` +
          `  Pasang lagi kursus ini dari flashdisk: ${fromStick.map((c) => c.title).join(', ')}.`,
      );
    if (done.keysNotRestored.length)
      console.log(
        `Trusted keys in the backup, not restored (a restore never adds a trusted key): ${done.keysNotRestored.join(', ')}\n` +
          `  Publishers are trusted only through a certificate chain from a shipped root (docs/trust.md).\n` +
          `  Kunci penerbit dari cadangan tidak dipulihkan; penerbit dipercaya hanya lewat sertifikat dari akar resmi.`,
      );
  }
  return 0;
}

/** The ids of the courses shipped in resources/courses (read from each package's signature, unverified). */
async function builtInCourseIds(): Promise<Set<string>> {
  const dir = join(RESOURCES_DIR, 'courses');
  const ids = new Set<string>();
  if (!existsSync(dir)) return ids;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.balaicourse'))) {
    const peek = await peekSignedVersion(join(dir, name), DEFAULT_LIMITS);
    if (peek) ids.add(peek.courseId);
  }
  return ids;
}

async function inspect(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { passphrase: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('give exactly one backup file');
  const result = await inspectBackup(
    file,
    values.passphrase ?? (process.env.BALAI_BACKUP_PASSPHRASE || undefined),
  );
  if (!result.ok) refuse('not a readable backup', result);
  const info = result.value;
  if (values.json) console.log(JSON.stringify(info));
  else {
    for (const line of describeHeader(info.header)) console.log(line);
    console.log(`Size: ${megabytes(info.sizeBytes)}`);
    if (info.contents) {
      const c = info.contents.counts;
      console.log(
        `Checked with the passphrase: ${c.learners} learners, ${c.statements} statements, ${c.certificates} certificates, ${info.contents.files.length} parts`,
      );
    } else console.log('Not checked (give --passphrase to decrypt and check it).');
  }
  return 0;
}

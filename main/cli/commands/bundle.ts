import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../api/result';
import { DB_FILE, type Core } from '../../core/app';
import { applyReceiptFile, applyReceiptsFromDrive, pendingSummary } from '../../core/bundles/apply';
import { exportBundle, folderTarget, type ExportFailure } from '../../core/bundles/export';
import type { ReceiptRefusal } from '../../core/bundles/receipt';
import { verifyBundleFile, type BundleRefusal, type VerifiedBundle } from '../../core/bundles/verify';
import { readKiosk } from '../../core/setup/kiosk';
import { dataDir, parse, Refused, UsageError } from '../args';
import { openCore } from '../core';

const EXPORT_TEXT: Record<ExportFailure, string> = {
  pulled: 'Flashdisk tercabut saat menulis. Pasang lagi lalu ulangi ekspor.',
  folder_gone: 'Folder di flashdisk hilang saat menulis. Ulangi ekspor.',
  read_only: 'Flashdisk tidak dapat ditulisi (terkunci atau hanya-baca).',
  no_space: 'Flashdisk penuh. Kosongkan ruang lalu ulangi ekspor.',
  too_large: 'Paket hasil terlalu besar untuk satu berkas di flashdisk FAT32.',
  write_failed: 'Gagal menulis ke flashdisk. Ulangi ekspor.',
  verify_failed:
    'Berkas di flashdisk tidak sama dengan yang ditulis. Ulangi ekspor, sebaiknya dengan flashdisk lain.',
  device_key: 'Kunci perangkat kiosk ini tidak dapat dipakai. Hubungi petugas kabupaten.',
  cancelled: 'Ekspor dibatalkan.',
  internal: 'Ekspor gagal karena kesalahan aplikasi. Hubungi petugas kabupaten.',
};

const BUNDLE_TEXT: Record<BundleRefusal, string> = {
  unreadable: 'Ditolak: berkas paket hasil rusak atau tidak lengkap.',
  tampered: 'Ditolak: paket hasil telah diubah setelah ditandatangani.',
  wrong_key: 'Ditolak: paket hasil tidak ditandatangani oleh kiosk yang disebutnya.',
  malformed: 'Ditolak: isi paket hasil tidak sesuai format.',
  cancelled: 'Pemeriksaan dibatalkan.',
};

const RECEIPT_TEXT: Record<ReceiptRefusal, string> = {
  unreadable: 'Ditolak: berkas tanda terima tidak dapat dibaca.',
  malformed: 'Ditolak: tanda terima tidak sesuai format.',
  bad_signature: 'Ditolak: tanda tangan pada tanda terima tidak sah.',
  other_device: 'Ditolak: tanda terima ini untuk kiosk lain.',
  unknown_bundle: 'Ditolak: tanda terima tidak menyebut paket hasil dari kiosk ini.',
  bad_enrolment: 'Ditolak: pendaftaran kunci perangkat dalam tanda terima tidak sah.',
  uncertified:
    'Ditolak: hub ini tidak bersertifikat, jadi bukan hub resmi kantor kecamatan atau kabupaten. Tidak ada yang diubah.',
  hub_out_of_region:
    'Ditolak: hub ini bersertifikat untuk wilayah lain, bukan untuk desa ini. Tidak ada yang diubah.',
  hub_expired:
    'Ditolak: sertifikat hub ini sudah habis masa berlakunya (atau tanggal komputer salah). Tidak ada yang diubah.',
  hub_revoked: 'Ditolak: sertifikat hub ini sudah dicabut. Tidak ada yang diubah.',
  hub_untrusted:
    'Ditolak: sertifikat hub ini tidak sah (tidak berasal dari akar tepercaya). Tidak ada yang diubah.',
  hub_unconfirmed:
    'Tanda terima dari hub bersertifikat yang baru; operator perlu menyetujuinya di layar Kirim hasil.',
};

/** An installation that exists and is set up; the CLI never creates one by accident here. */
function openKiosk(dir: string): Core {
  if (!existsSync(join(dir, DB_FILE))) throw new UsageError(`no Balai Belajar installation at ${dir}`);
  const core = openCore(dir, { quiet: true });
  if (!readKiosk(core.services.db)) {
    core.close();
    throw new Refused('this installation is not set up', 'Kiosk ini belum diatur.');
  }
  return core;
}

function refusedBy<T>(result: Result<T>, texts: Record<string, string>, fallback: string): Refused {
  if (result.ok) throw new Error('not a refusal');
  const reason = result.error.details?.reason;
  const indonesian = typeof reason === 'string' && reason in texts ? texts[reason]! : fallback;
  return new Refused(`refused: ${result.error.message}`, indonesian);
}

const range = (from: number | null, to: number | null) => (from === null ? 'none' : `seq ${from}-${to}`);

function describe(b: VerifiedBundle): Record<string, unknown> {
  const m = b.manifest;
  return {
    verified: true,
    bundleSeq: m.bundleSeq,
    deviceId: m.deviceId,
    devicePublicKey: m.devicePublicKey,
    desaCode: m.desaCode,
    desaName: m.desaName,
    appVersion: m.appVersion,
    createdAt: m.createdAt,
    statements: { count: m.counts.statements, ...m.statements },
    learners: m.counts.learners,
    certificates: m.counts.certificates,
    personalData: m.roster.personalData,
    previousBundle: m.previousBundle,
    sha256: b.bundleSha256,
    sizeBytes: b.sizeBytes,
    enrolment: b.enrolment
      ? {
          hubId: b.enrolment.hubId,
          hubName: b.enrolment.hubName,
          hubKeyId: b.enrolment.hubKeyId,
          at: b.enrolment.enrolledAt,
        }
      : null,
  };
}

async function verified(file: string, deviceKey: string | undefined, json: boolean): Promise<VerifiedBundle> {
  const result = await verifyBundleFile(file, deviceKey ? { expectedDeviceKey: deviceKey } : {});
  if (!result.ok) {
    if (json)
      console.log(JSON.stringify({ verified: false, refusal: result.refusal, reason: result.reason }));
    throw new Refused(`refused: ${result.reason}`, BUNDLE_TEXT[result.refusal]);
  }
  return result.bundle;
}

export async function bundle(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'export': {
      const { values } = parse(rest, {
        to: { type: 'string' },
        data: { type: 'string' },
        json: { type: 'boolean', default: false },
      });
      if (!values.to) throw new UsageError('bundle export --to DIR --data DIR');
      if (!existsSync(values.to) || !statSync(values.to).isDirectory())
        throw new Refused(
          `refused: no folder ${values.to}`,
          'Ditolak: folder tujuan tidak ada (flashdisk terpasang?).',
        );
      const core = openKiosk(dataDir(values.data));
      try {
        const result = await exportBundle(core.services, folderTarget(values.to));
        if (!result.ok) {
          if (values.json) console.log(JSON.stringify({ ok: false, error: result.error }));
          throw refusedBy(result, EXPORT_TEXT, 'Ekspor gagal.');
        }
        const r = result.value;
        if (values.json) console.log(JSON.stringify(r));
        else {
          console.log(
            `ok: ${r.path} (bundle ${r.bundleSeq}, ${r.statements.count} statements ` +
              `${range(r.statements.fromSeq, r.statements.toSeq)}, ${r.learners} learners, ${r.certificates} certificates, ` +
              `personal data ${r.personalData === 'sealed' ? 'sealed to the hub' : 'in clear'}), ${r.sizeBytes} bytes, written and read back`,
          );
          console.log(
            r.summaryPath ? `summary: ${r.summaryPath}` : `summary not written: ${r.summaryError ?? ''}`,
          );
          console.log('Aman dicabut: paket hasil sudah ditulis dan diperiksa ulang.');
        }
        return 0;
      } finally {
        core.close();
      }
    }
    case 'verify':
    case 'inspect': {
      const { values, positionals } =
        verb === 'verify'
          ? parse(rest, { json: { type: 'boolean', default: false }, 'device-key': { type: 'string' } }, true)
          : parse(rest, { json: { type: 'boolean', default: false } }, true);
      if (positionals.length !== 1) throw new UsageError(`bundle ${verb} <file>`);
      const deviceKey =
        'device-key' in values && typeof values['device-key'] === 'string' ? values['device-key'] : undefined;
      const b = await verified(positionals[0]!, deviceKey, values.json);
      const d = describe(b);
      const m = b.manifest;
      if (values.json) console.log(JSON.stringify(d));
      else if (verb === 'verify')
        console.log(
          `ok: bundle ${m.bundleSeq} from device ${m.deviceId} (desa ${m.desaCode} ${m.desaName}), ` +
            `${m.counts.statements} statements (${range(m.statements.fromSeq, m.statements.toSeq)}); ` +
            `signed by its device key, every hash matches\nSAH: paket hasil ini utuh dan ditandatangani kiosk ${m.desaName}.`,
        );
      else
        console.log(
          [
            `bundle:       ${m.bundleSeq} (${b.sizeBytes} bytes, sha256 ${b.bundleSha256}), verified`,
            `device:       ${m.deviceId} (key ${m.devicePublicKey})`,
            `desa:         ${m.desaCode} ${m.desaName}`,
            `created:      ${m.createdAt} by Balai Belajar ${m.appVersion}`,
            `statements:   ${m.counts.statements} (${range(m.statements.fromSeq, m.statements.toSeq)}, ${m.statements.ranges.length} run(s))`,
            `time span:    ${m.statements.firstAt ?? '-'} to ${m.statements.lastAt ?? '-'}`,
            `learners:     ${m.counts.learners} (personal data ${m.roster.personalData === 'sealed' ? `sealed to hub key ${m.roster.hubKeyId}` : 'in clear'})`,
            `certificates: ${m.counts.certificates}`,
            `previous:     ${m.previousBundle ? `bundle ${m.previousBundle.bundleSeq} (${m.previousBundle.sha256})` : 'none (first bundle)'}`,
            `enrolment:    ${b.enrolment ? `enrolled by hub ${b.enrolment.hubName} (${b.enrolment.hubKeyId}) on ${b.enrolment.enrolledAt}` : 'none yet'}`,
          ].join('\n'),
        );
      return 0;
    }
    case 'status': {
      const { values } = parse(rest, { data: { type: 'string' }, json: { type: 'boolean', default: false } });
      const core = openKiosk(dataDir(values.data));
      try {
        const s = pendingSummary(core.services);
        if (values.json) console.log(JSON.stringify(s));
        else
          console.log(
            [
              `statements: ${s.total} recorded, ${s.delivered} delivered, ${s.pending} pending`,
              `hub:        ${s.hub ? `${s.hub.name} (${s.hub.regionCode}, key ${s.hub.keyId}), pinned ${s.hub.pinnedAt}${s.hub.enrolledAt ? `, enrolled ${s.hub.enrolledAt}` : ''}` : 'none yet'}`,
              `receipt:    ${s.lastReceiptAt ?? 'none yet'}`,
              `export:     ${s.lastExport ? `bundle ${s.lastExport.bundleSeq} ${s.lastExport.fileName} (${s.lastExport.statements} statements)` : 'none yet'}`,
            ].join('\n'),
          );
        return 0;
      } finally {
        core.close();
      }
    }
    default:
      throw new UsageError(`unknown bundle command: ${verb ?? '(none)'}`);
  }
}

export async function receipt(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== 'apply') throw new UsageError(`unknown receipt command: ${verb ?? '(none)'}`);
  const { values, positionals } = parse(
    rest,
    { data: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('receipt apply <file | DIR> --data DIR');
  const source = positionals[0]!;
  if (!existsSync(source))
    throw new Refused(`refused: no such file ${source}`, 'Ditolak: berkas tidak ditemukan.');
  const core = openKiosk(dataDir(values.data));
  try {
    if (statSync(source).isDirectory()) {
      const result = await applyReceiptsFromDrive(core.services, { mountpoint: source });
      if (!result.ok) throw refusedBy(result, RECEIPT_TEXT, 'Tanda terima ditolak.');
      const r = result.value;
      if (values.json) console.log(JSON.stringify(r));
      else {
        for (const f of r.receipts)
          console.log(
            `${f.outcome}: ${f.path}${f.reason ? ` (${f.reason})` : ''}${f.newlyDelivered ? `, ${f.newlyDelivered} delivered` : ''}`,
          );
        console.log(`${r.receipts.length} receipt(s) for this desa; ${r.pending} statements still pending`);
      }
      if (r.receipts.some((f) => f.outcome === 'refused'))
        throw new Refused(
          'refused: some receipts were refused (see above)',
          'Sebagian tanda terima ditolak.',
        );
      return 0;
    }
    const result = applyReceiptFile(core.services, source);
    if (!result.ok) {
      if (values.json) console.log(JSON.stringify({ ok: false, error: result.error }));
      throw refusedBy(result, RECEIPT_TEXT, 'Tanda terima ditolak.');
    }
    const r = result.value;
    if (values.json) console.log(JSON.stringify(r));
    else {
      const { delivered } = pendingSummary(core.services);
      const differ = r.mismatchedRanges ? ` (${r.mismatchedRanges} run(s) differ here and stay pending)` : '';
      console.log(
        r.alreadyApplied
          ? `ok: receipt ${r.receiptId} from hub ${r.hub.name} (key ${r.hub.keyId}) was applied before: nothing new; ` +
              `${delivered} statements delivered in all, ${r.pending} still pending${differ}\n` +
              `Tanda terima ini sudah dibaca sebelumnya, tidak ada yang baru: ${delivered} catatan sudah sampai di hub, ${r.pending} belum.`
          : `ok: receipt ${r.receiptId} from hub ${r.hub.name} (key ${r.hub.keyId})` +
              `${r.pinned ? ', hub pinned' : ''}${r.enrolled ? ', device key enrolled' : ''}: ` +
              `${r.newlyDelivered} statements newly marked delivered (${delivered} in all), ${r.pending} still pending${differ}\n` +
              `Tanda terima diterima: ${r.newlyDelivered} catatan baru ditandai sampai di hub (semuanya ${delivered}), ${r.pending} belum.`,
      );
    }
    return 0;
  } finally {
    core.close();
  }
}

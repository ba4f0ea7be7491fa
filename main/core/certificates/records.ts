import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskCertificate, MyCertificate } from '../../api/certificates';
import { JABATAN, type Jabatan } from '../../api/jabatan';
import type { Services } from '../context';
import { sql } from '../db/sql';
import { readKiosk } from '../setup/kiosk';
import { DEVICE_KEY_FILE } from '../setup/setup';
import type { CertificateRow } from './issue';
import { certificatePayloadSchema } from './payload';
import type { CertificateData } from './pdf';

/** A certificate with the learner's personal data as it is now (null after an erasure). */
interface CertificateWithLearner extends CertificateRow {
  full_name: string | null;
  jabatan: string | null;
  erased_at: string | null;
}

const SELECT = sql`SELECT c.*, a.full_name, a.jabatan, a.erased_at
                   FROM certificates c JOIN accounts a ON a.id = c.learner_id`;

function courseTitle(services: Services, courseId: string): string {
  return services.courses.get(courseId)?.title ?? courseId;
}

function toMine(services: Services, row: CertificateRow): MyCertificate {
  return {
    number: row.number,
    courseId: row.course_id,
    courseTitle: courseTitle(services, row.course_id),
    courseVersion: row.course_version,
    issuedAt: row.issued_at,
    preScore: row.pre_score,
    postScore: row.post_score,
  };
}

/** The kiosk's certificates (one learner's when `learnerId` is given), newest first. */
export function listCertificates(services: Services, learnerId?: string): KioskCertificate[] {
  const rows = services.db.all<CertificateWithLearner>(
    learnerId === undefined
      ? sql`${SELECT} ORDER BY c.issued_at DESC, c.number`
      : sql`${SELECT} WHERE c.learner_id = ${learnerId} ORDER BY c.issued_at DESC, c.number`,
  );
  return rows.map((row) => ({
    ...toMine(services, row),
    learnerId: row.learner_id,
    fullName: row.full_name,
    jabatan: row.jabatan as Jabatan | null,
    erased: row.erased_at !== null,
  }));
}

/** One certificate by number; with `learnerId`, only if it is that learner's. */
export function findCertificate(
  services: Services,
  number: string,
  learnerId?: string,
): CertificateWithLearner | undefined {
  return services.db.get<CertificateWithLearner>(
    learnerId === undefined
      ? sql`${SELECT} WHERE c.number = ${number}`
      : sql`${SELECT} WHERE c.number = ${number} AND c.learner_id = ${learnerId}`,
  );
}

export type RenderOutcome =
  { ok: true; fileName: string; bytes: Uint8Array } | { ok: false; reason: 'erased' | 'not_set_up' };

/** The PDF's file name on a stick or in a download. */
export function certificateFileName(number: string): string {
  return `sertifikat-${number}.pdf`;
}

/**
 * Makes a certificate's PDF again from its row, the learner's name as stored now and the kiosk's desa,
 * its page sealed with the device key.
 * A learner whose personal data was erased has no name to print: no PDF (`erased`).
 */
export async function renderCertificate(
  services: Services,
  row: CertificateWithLearner,
): Promise<RenderOutcome> {
  if (row.erased_at !== null || row.full_name === null) return { ok: false, reason: 'erased' };
  const kiosk = readKiosk(services.db);
  if (!kiosk) return { ok: false, reason: 'not_set_up' };
  const payload = certificatePayloadSchema.parse(JSON.parse(row.payload));
  const data: CertificateData = {
    number: row.number,
    code: row.signature,
    fullName: row.full_name,
    jabatan: JABATAN[row.jabatan as Jabatan] ?? '',
    desa: {
      code: payload.desa,
      name: kiosk.desa_name,
      kecamatan: kiosk.kecamatan_name,
      kabupaten: kiosk.kabupaten_name,
      provinsi: kiosk.provinsi_name,
    },
    courseTitle: courseTitle(services, row.course_id),
    courseVersion: row.course_version,
    date: payload.d,
    preScore: row.pre_score,
    postScore: row.post_score,
    deviceId: payload.dev,
  };
  // pdf-lib and qrcode load on first use: most kiosk sessions never make a PDF (memory on 4 GB PCs).
  const { certificatePdf } = await import('./pdf');
  const deviceKey = readFileSync(join(services.config.dataDir, DEVICE_KEY_FILE), 'utf8');
  return {
    ok: true,
    fileName: certificateFileName(row.number),
    bytes: await certificatePdf(data, deviceKey),
  };
}

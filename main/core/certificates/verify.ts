import { PDFDocument } from 'pdf-lib';
import type { Services } from '../context';
import { sql } from '../db/sql';
import type { Regions } from '../regions/regions';
import { readKiosk } from '../setup/kiosk';
import { enrolmentOf, type Enrolment } from './enrolment';
import { checkPageSeal, SEAL_IN_TEXT } from './page-seal';
import { decodeCertificate, nameHash } from './payload';
import { tanggalIndonesia } from '../text/indonesian';

const CODE_IN_TEXT = /BB1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

export type CodeFromPdf =
  { ok: true; code: string; seal: string | null; doc: PDFDocument } | { ok: false; reason: string };

/** The `BB1.…` code a certificate PDF carries in its metadata (subject, else keywords), and its page seal. */
export async function codeFromPdf(bytes: Uint8Array): Promise<CodeFromPdf> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  } catch {
    return { ok: false, reason: 'the file is not a readable PDF' };
  }
  const seal = SEAL_IN_TEXT.exec(doc.getKeywords() ?? '')?.[0] ?? null;
  for (const field of [doc.getSubject(), doc.getKeywords()]) {
    const found = field ? CODE_IN_TEXT.exec(field) : null;
    if (found) return { ok: true, code: found[0], seal, doc };
  }
  return { ok: false, reason: 'the PDF carries no Balai Belajar certificate code' };
}

/** What a genuine certificate says, and what the installation given (if any) knows about it. */
export interface CertificateReport {
  number: string;
  /** Date of issue, YYYY-MM-DD, and the same in Indonesian. */
  date: string;
  dateText: string;
  learner: {
    id: string;
    nameHash: string;
    /** The learner's name, when the installation knows them and the name still matches the hash. */
    name: string | null;
    /** `match`: the stored name is the certified one; `differs`: it was changed since; `erased`; `unknown`. */
    nameOnRecord: 'match' | 'differs' | 'erased' | 'unknown';
  };
  course: { id: string; version: string; title: string | null };
  scores: { pre: number | null; post: number };
  kiosk: {
    deviceId: string;
    publicKey: string;
    desaCode: string;
    desa: { name: string; kecamatan: string; kabupaten: string; provinsi: string } | null;
    /** Whether the installation given is the issuing kiosk; null when none was given. */
    thisInstallation: boolean | null;
  };
  /** The code's payload version: 2 for certificates whose PDFs carry a page seal. */
  version: 1 | 2;
  /**
   * What was checked of the printed page: `same` (a PDF whose page is exactly as the kiosk sealed it),
   * `not_sealed` (a PDF of a version 1 certificate, made before page seals: only the code is checked),
   * `not_given` (a code, not a PDF: compare the printed text with this report).
   */
  page: 'same' | 'not_sealed' | 'not_given';
  /** On the issuing kiosk: whether its certificates table holds this exact code; else null. */
  record: 'same' | 'absent' | null;
  enrolment: Enrolment;
}

export type Verification =
  { valid: true; report: CertificateReport } | { valid: false; reason: string; indonesian: string };

const CHANGED = {
  valid: false,
  reason: 'the certificate was changed or is not genuine',
  indonesian: 'Ditolak: sertifikat ini telah diubah atau tidak asli.',
} as const;

/**
 * Checks a certificate code offline: its shape, the device key's signature over the exact payload, and,
 * when the issuing kiosk's installation is given, that the key is that kiosk's and the record matches.
 */
export function verifyCertificate(
  code: string,
  regions: Regions,
  installation?: Pick<Services, 'db' | 'courses' | 'config'>,
): Verification {
  const decoded = decodeCertificate(code);
  if (!decoded.ok)
    return {
      valid: false,
      reason: decoded.reason,
      indonesian: 'Ditolak: kode ini bukan kode sertifikat Balai Belajar yang utuh.',
    };
  if (!decoded.signatureValid) return CHANGED;
  const p = decoded.payload;
  const place = regions.desa(p.desa);
  const report: CertificateReport = {
    number: p.no,
    date: p.d,
    dateText: tanggalIndonesia(p.d),
    learner: { id: p.lid, nameHash: p.nh, name: null, nameOnRecord: 'unknown' },
    course: { id: p.c, version: p.cv, title: null },
    scores: { pre: p.pre, post: p.post },
    kiosk: {
      deviceId: p.dev,
      publicKey: p.pk,
      desaCode: p.desa,
      desa: place
        ? {
            name: place.desa.name,
            kecamatan: place.kecamatan.name,
            kabupaten: place.kabupaten.name,
            provinsi: place.provinsi.name,
          }
        : null,
      thisInstallation: null,
    },
    version: p.v,
    page: 'not_given',
    record: null,
    enrolment: enrolmentOf(p.pk, installation?.db),
  };
  if (!installation) return { valid: true, report };

  const kiosk = readKiosk(installation.db);
  const issuedHere = kiosk?.device_id === p.dev;
  report.kiosk.thisInstallation = issuedHere;
  if (!issuedHere) return { valid: true, report };
  if (kiosk.public_key !== p.pk)
    return {
      valid: false,
      reason: "the certificate names this kiosk but was not signed by this kiosk's device key",
      indonesian: 'Ditolak: sertifikat ini tidak ditandatangani oleh kiosk yang disebutnya.',
    };
  const row = installation.db.get<{ signature: string }>(
    sql`SELECT signature FROM certificates WHERE number = ${p.no}`,
  );
  if (row && row.signature !== code.trim()) return CHANGED;
  report.record = row ? 'same' : 'absent';
  report.course.title = installation.courses.get(p.c)?.title ?? null;
  const learner = installation.db.get<{ full_name: string | null; erased_at: string | null }>(
    sql`SELECT full_name, erased_at FROM accounts WHERE id = ${p.lid}`,
  );
  if (learner?.erased_at) report.learner.nameOnRecord = 'erased';
  else if (learner?.full_name) {
    const same = nameHash(learner.full_name) === p.nh;
    report.learner.nameOnRecord = same ? 'match' : 'differs';
    if (same) report.learner.name = learner.full_name;
  }
  return { valid: true, report };
}

/**
 * Checks a certificate PDF: its code as `verifyCertificate` does, then its page against the page seal. A
 * version 2 certificate's PDF without a seal was stripped of it; a version 1 one never had one (`not_sealed`).
 */
export function verifyCertificatePdf(
  pdf: Extract<CodeFromPdf, { ok: true }>,
  regions: Regions,
  installation?: Pick<Services, 'db' | 'courses' | 'config'>,
): Verification {
  const result = verifyCertificate(pdf.code, regions, installation);
  if (!result.valid) return result;
  const { report } = result;
  const seal = checkPageSeal(pdf.doc, pdf.seal, report.number, report.kiosk.publicKey);
  if (seal.state === 'same') return { valid: true, report: { ...report, page: 'same' } };
  if (seal.state === 'missing' && report.version === 1)
    return { valid: true, report: { ...report, page: 'not_sealed' } };
  return {
    valid: false,
    reason: `the certificate's page was changed: ${seal.state === 'missing' ? 'its page seal was removed' : seal.reason}`,
    indonesian: 'Ditolak: halaman sertifikat ini telah diubah; isinya tidak sama dengan yang dibuat kiosk.',
  };
}

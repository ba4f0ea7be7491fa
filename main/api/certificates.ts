import { z } from 'zod';
import { method } from './define';
import type { Jabatan } from './jabatan';
import { driveId, type DriveView } from './library';

/** `3302052001-20261129-7KQ4M`: the desa code's digits, the date of issue, five random symbols. */
export const certificateNumber = z.string().regex(/^\d{10}-\d{8}-[2-9A-Z]{5}$/, 'certificate number');

/** One of the learner's own certificates. Scores in percent. */
export interface MyCertificate {
  number: string;
  courseId: string;
  /** The installed course's title; the course id when the course was removed since. */
  courseTitle: string;
  courseVersion: string;
  /** Kiosk time, RFC 3339 with offset. */
  issuedAt: string;
  /** Tes awal (first attempt); null when the course has no pretest. */
  preScore: number | null;
  /** Tes akhir: the passing attempt. */
  postScore: number;
}

/** A certificate of the kiosk as the operator sees it. */
export interface KioskCertificate extends MyCertificate {
  learnerId: string;
  /** null once the learner's personal data was erased: the UI shows "(data dihapus)"; no PDF can be made. */
  fullName: string | null;
  jabatan: Jabatan | null;
  erased: boolean;
}

/** A certificate PDF for the renderer to download (browser) or print (Electron). */
export interface CertificateFile {
  /** `sertifikat-<number>.pdf` */
  fileName: string;
  /** The PDF bytes, base64. */
  base64: string;
}

/** What `certificates.saveToDrive` did. */
export interface SavedCertificates {
  drive: DriveView;
  /** Where the PDFs are on the stick, relative to it: `BalaiBelajar/<desa>/sertifikat`. */
  folder: string;
  /** PDFs written (an existing file of the same number is replaced). */
  saved: number;
  /** Certificates left out: their learner's personal data was erased, so no PDF can be made. */
  skipped: { number: string; reason: 'erased' }[];
}

export const certificatesApi = {
  /** The logged-in learner's own certificates, newest first. */
  'certificates.mine': method<{ certificates: MyCertificate[] }>()('learner', z.strictObject({})),
  /** One of the learner's own certificates as a PDF. Another learner's number answers NOT_FOUND. */
  'certificates.pdf': method<CertificateFile>()('learner', z.strictObject({ number: certificateNumber })),
  /** Operator: every certificate issued on this kiosk, newest first, with the learner's name. */
  'certificates.list': method<{ certificates: KioskCertificate[] }>()('operator', z.strictObject({})),
  /**
   * Operator: writes certificate PDFs (the given numbers, else all) to a stick, under
   * `BalaiBelajar/<desa code, dots as _>/sertifikat/<number>.pdf`. DRIVE_NOT_FOUND when the stick is gone,
   * CONFLICT (`details.reason`: `read_only`, `write_failed`) when it cannot be written, NOT_FOUND for an
   * unknown number (`details.numbers`).
   */
  'certificates.saveToDrive': method<SavedCertificates>()(
    'operator',
    z.strictObject({ driveId, numbers: z.array(certificateNumber).min(1).max(2000).optional() }),
  ),
};

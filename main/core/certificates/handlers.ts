import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { certificatesApi, SavedCertificates } from '../../api/certificates';
import { err, ok, type Result } from '../../api/result';
import type { HandlerMap, Services } from '../context';
import type { Drive } from '../drives/drive';
import { toPublicDrive } from '../drives/drive';
import { resolveDrive, resolveOnDrive } from '../drives/paths';
import { writeFileDurably } from '../files/fsutil';
import { readKiosk } from '../setup/kiosk';
import { findCertificate, listCertificates, renderCertificate } from './records';

/** Where a kiosk's certificates go on a stick: `BalaiBelajar/33_02_05_2001/sertifikat`. */
export function certificateFolder(desaCode: string): string {
  return `BalaiBelajar/${desaCode.replace(/\./g, '_')}/sertifikat`;
}

/** Temp file, fsync, rename: a stick pulled mid-write leaves the old file or none, never half a PDF. */

async function saveToDrive(
  services: Services,
  drive: Drive,
  numbers: string[] | undefined,
): Promise<Result<SavedCertificates>> {
  const kiosk = readKiosk(services.db);
  if (!kiosk) return err('NOT_SET_UP', 'the kiosk is not set up');
  let rows;
  if (numbers) {
    const unique = [...new Set(numbers)];
    const found = unique.map((n) => findCertificate(services, n));
    const unknown = unique.filter((_, i) => !found[i]);
    if (unknown.length > 0)
      return err('NOT_FOUND', `no certificate ${unknown.slice(0, 5).join(', ')} on this kiosk`, {
        numbers: unknown,
      });
    rows = found.filter((r) => r !== undefined);
  } else {
    rows = listCertificates(services).map((c) => findCertificate(services, c.number)!);
  }
  const folder = certificateFolder(kiosk.desa_code);
  const result: SavedCertificates = { drive: toPublicDrive(drive), folder, saved: 0, skipped: [] };
  try {
    for (const row of rows) {
      const pdf = await renderCertificate(services, row);
      if (!pdf.ok) {
        if (pdf.reason === 'erased') result.skipped.push({ number: row.number, reason: 'erased' });
        else return err('NOT_SET_UP', 'the kiosk is not set up');
        continue;
      }
      const target = resolveOnDrive(drive, `${folder}/${row.number}.pdf`);
      if (!target.ok) throw new Error(`cannot write on the drive: ${target.reason}`);
      mkdirSync(dirname(target.path), { recursive: true });
      writeFileDurably(target.path, pdf.bytes);
      result.saved++;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    services.log.warn('saving certificates to a drive failed', {
      drive: drive.label,
      saved: result.saved,
      error: error instanceof Error ? error.message : String(error),
    });
    if (!(await resolveDrive(services.drives, drive.id)))
      return err('DRIVE_NOT_FOUND', 'the drive was pulled out while saving', { saved: result.saved });
    return err('CONFLICT', `could not write to the drive (${code || 'error'})`, {
      reason: code === 'ENOSPC' ? 'no_space' : code === 'EROFS' ? 'read_only' : 'write_failed',
      saved: result.saved,
    });
  }
  services.log.info('certificates saved to a drive', {
    drive: drive.label,
    saved: result.saved,
    skipped: result.skipped.length,
  });
  return ok(result);
}

/** Certificates: the learner's own list and PDF; the operator's list and saving PDFs to a stick. */
export const certificatesHandlers: HandlerMap<typeof certificatesApi> = {
  'certificates.mine': (_input, { services, account }) =>
    ok({
      certificates: listCertificates(services, account.id).map((c) => ({
        number: c.number,
        courseId: c.courseId,
        courseTitle: c.courseTitle,
        courseVersion: c.courseVersion,
        issuedAt: c.issuedAt,
        preScore: c.preScore,
        postScore: c.postScore,
      })),
    }),

  'certificates.pdf': async ({ number }, { services, account }) => {
    // Only the learner's own: another learner's number is answered exactly like a number that does not exist.
    const row = findCertificate(services, number, account.id);
    if (!row) return err('NOT_FOUND', 'no such certificate');
    const pdf = await renderCertificate(services, row);
    if (!pdf.ok)
      return err('CONFLICT', `the certificate cannot be made again (${pdf.reason})`, { reason: pdf.reason });
    return ok({ fileName: pdf.fileName, base64: Buffer.from(pdf.bytes).toString('base64') });
  },

  'certificates.list': (_input, { services }) => ok({ certificates: listCertificates(services) }),

  'certificates.saveToDrive': async ({ driveId, numbers }, { services }) => {
    const drive = await resolveDrive(services.drives, driveId);
    if (!drive) return err('DRIVE_NOT_FOUND', 'that drive is not plugged in');
    if (drive.readOnly)
      return err('CONFLICT', 'the drive is read-only (check its write-protect switch)', {
        reason: 'read_only',
      });
    return saveToDrive(services, drive, numbers);
  },
};

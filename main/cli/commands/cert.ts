import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, type Core } from '../../core/app';
import {
  codeFromPdf,
  verifyCertificate,
  verifyCertificatePdf,
  type CodeFromPdf,
  type CertificateReport,
  type Verification,
} from '../../core/certificates/verify';
import { Regions } from '../../core/regions/regions';
import { parse, Refused, UsageError } from '../args';
import { openCore } from '../core';
import { RESOURCES_DIR } from '../paths';

const MAX_FILE_BYTES = 20 * 1024 * 1024;
const CODE_IN_TEXT = /BB1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

/** The code from the argument: a code itself, a certificate PDF (with its page), or a text file holding a code. */
async function codeFrom(arg: string): Promise<string | Extract<CodeFromPdf, { ok: true }>> {
  const text = arg.trim();
  if (text.startsWith('BB1.')) return text;
  if (!existsSync(text)) {
    if (/[\\/]|\.(pdf|txt)$/i.test(text))
      throw new Refused(`refused: no file ${text}`, 'Ditolak: berkas tidak ditemukan.');
    return text; // taken as a code: decoding says why it is not one
  }
  const stat = statSync(text);
  if (!stat.isFile() || stat.size > MAX_FILE_BYTES)
    throw new Refused(`refused: ${text} is not a certificate file`, 'Ditolak: berkas ini bukan sertifikat.');
  const bytes = readFileSync(text);
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    const found = await codeFromPdf(bytes);
    if (!found.ok)
      throw new Refused(`refused: ${found.reason}`, 'Ditolak: PDF ini bukan sertifikat Balai Belajar.');
    return found;
  }
  const inText = CODE_IN_TEXT.exec(bytes.toString('utf8'));
  if (!inText)
    throw new Refused(
      `refused: ${text} is neither a certificate PDF nor holds a certificate code`,
      'Ditolak: berkas ini bukan sertifikat Balai Belajar.',
    );
  return inText[0];
}

function score(n: number | null): string {
  return n === null ? '-' : String(n);
}

function describeLearner(r: CertificateReport): string {
  const who = `learner ${r.learner.id} (name hash ${r.learner.nameHash})`;
  switch (r.learner.nameOnRecord) {
    case 'match':
      return `${who}: ${r.learner.name ?? ''}`;
    case 'differs':
      return `${who}: the name on this kiosk was changed since the certificate was issued`;
    case 'erased':
      return `${who}: personal data erased on this kiosk`;
    default:
      return r.kiosk.thisInstallation
        ? `${who}: not known on this kiosk`
        : `${who}: name not known here (give --data DIR of the issuing kiosk)`;
  }
}

/** What was checked, said exactly: the signed code always; the printed page only from a sealed PDF. */
const PAGE_LINES: Record<CertificateReport['page'], string[]> = {
  same: [
    'page:      checked: the page is exactly as the kiosk made and sealed it',
    'SAH: sertifikat ini asli; kode dan halamannya tidak diubah.',
  ],
  not_sealed: [
    'page:      NOT checked: this certificate was issued before page seals; only its signed code (below) is',
    '           genuine. Compare the printed name, course, scores and date with the lines below.',
    'SAH: kode sertifikat ini asli. Halamannya tidak bisa diperiksa (sertifikat lama): cocokkan isi cetakan dengan data di bawah.',
  ],
  not_given: [
    'page:      NOT checked (a code, not a PDF): compare the printed name, course, scores and date with the lines below',
    'SAH: kode sertifikat ini asli. Halaman cetaknya tidak diperiksa: cocokkan isi cetakan dengan data di bawah.',
  ],
};

/** The report for a person: one line per question a verifier asks. */
export function formatReport(r: CertificateReport): string {
  const place = r.kiosk.desa
    ? `${r.kiosk.desa.name}, Kec. ${r.kiosk.desa.kecamatan}, ${r.kiosk.desa.kabupaten}, ${r.kiosk.desa.provinsi}`
    : 'not in the region list';
  const enrolment =
    r.enrolment.state === 'enrolled'
      ? `enrolled by hub ${r.enrolment.hub.name} (${r.enrolment.hub.keyId}) on ${r.enrolment.at}`
      : `${r.enrolment.state} (${r.enrolment.reason})`;
  const lines = [
    `ok: certificate ${r.number} is genuine (the signature by the kiosk's device key is valid)`,
    ...PAGE_LINES[r.page],
    `who:       ${describeLearner(r)}`,
    `what:      course ${r.course.id} ${r.course.version}${r.course.title ? ` "${r.course.title}"` : ''}; ` +
      `pretest ${score(r.scores.pre)}, posttest ${score(r.scores.post)}`,
    `when:      ${r.date} (${r.dateText})`,
    `kiosk:     device ${r.kiosk.deviceId}, desa ${r.kiosk.desaCode} ${place}`,
    `           device key ${r.kiosk.publicKey}`,
  ];
  if (r.record)
    lines.push(`record:    ${r.record === 'same' ? 'the same on this kiosk' : 'not on this kiosk'}`);
  else if (r.kiosk.thisInstallation === false) lines.push('record:    --data is another installation');
  lines.push(`enrolment: ${enrolment}`);
  return lines.join('\n');
}

function openInstallation(dir: string): Core {
  if (!existsSync(join(dir, DB_FILE))) throw new UsageError(`no Balai Belajar installation at ${dir}`);
  return openCore(dir, { quiet: true });
}

export async function cert(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== 'verify') throw new UsageError(`unknown cert command: ${verb ?? '(none)'}`);
  const { values, positionals } = parse(
    rest,
    { data: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('cert verify <pdf-file | code>');
  const code = await codeFrom(positionals[0]!);
  const regions = new Regions(join(RESOURCES_DIR, 'regions'));
  const data = values.data ?? process.env.BALAI_DATA;
  const core = data ? openInstallation(data) : null;
  let result: Verification;
  try {
    result =
      typeof code === 'string'
        ? verifyCertificate(code, regions, core?.services)
        : verifyCertificatePdf(code, regions, core?.services);
  } finally {
    core?.close();
  }
  if (!result.valid) {
    if (values.json) console.log(JSON.stringify({ valid: false, reason: result.reason }));
    throw new Refused(`refused: ${result.reason}`, result.indonesian);
  }
  console.log(values.json ? JSON.stringify({ valid: true, ...result.report }) : formatReport(result.report));
  return 0;
}

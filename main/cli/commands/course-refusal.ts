import type { RecognisedPackage } from '../../core/content/recognise';
import { Refused } from '../args';

/** A course package refused: a short code for `--json`, and the reason in both languages. */
export interface CourseRefusal {
  reason: string;
  message: string;
  indonesian: string;
  standard?: RecognisedPackage['standard'];
  edition?: string | null;
}

/** Why a package was refused, by the core's English reason: a code and the Indonesian words for it. */
const REASONS: [RegExp, string, (m: RegExpExecArray) => string][] = [
  [/^no such file/, 'not_found', () => 'berkas tidak ditemukan'],
  [/^not signed/, 'not_signed', () => 'paket belum ditandatangani (tidak ada signature.json)'],
  [
    /signed by unknown publisher key (\S+)/,
    'untrusted_publisher',
    (m) => `ditandatangani kunci penerbit yang tidak dipercaya kios ini (${m[1]})`,
  ],
  [/^bad signature/, 'bad_signature', () => 'tanda tangan tidak cocok: paket diubah setelah ditandatangani'],
  [
    /"(.+)" does not match its signed hash/,
    'tampered',
    (m) => `berkas "${m[1]}" tidak sama dengan yang ditandatangani (diubah atau rusak)`,
  ],
  [
    /is in the package but not in the signed file list|is signed but missing/,
    'tampered',
    () => 'isi paket tidak sama dengan daftar berkas yang ditandatangani',
  ],
  [/^not a readable zip: this is a folder/, 'not_a_zip', () => 'ini sebuah folder, bukan berkas zip'],
  [
    /^not a readable zip: the zip has no end/,
    'not_a_zip',
    () => 'berkas zip terpotong (salinan terputus) atau bukan zip',
  ],
  [/^not a readable zip/, 'not_a_zip', () => 'berkas ini bukan zip yang dapat dibaca'],
  [/unsafe name: (.+)$/, 'unsafe_name', (m) => `ada nama berkas yang tidak aman di dalam paket (${m[1]})`],
  [/symbolic link/, 'unsafe_name', () => 'ada tautan simbolik di dalam paket'],
  [/zip bomb/, 'too_large', () => 'berkas terkompresi secara tidak wajar (bom zip?)'],
  [
    /more than \d+ (entries|files)|larger than|unpacks to more than|too large/,
    'too_large',
    () => 'paket terlalu besar',
  ],
  [
    /not newer than installed (\S+)/,
    'not_newer',
    (m) => `versi ini tidak lebih baru dari yang terpasang (${m[1]})`,
  ],
  [
    /course\.json (invalid|is missing|unreadable)/,
    'invalid_manifest',
    () => 'course.json tidak ada atau tidak sah',
  ],
  [/differs from what was signed/, 'tampered', () => 'id atau versi kursus berbeda dari yang ditandatangani'],
];

/** The refusal for a core reason (English), with its code and Indonesian words; unknown reasons stay as they are. */
export function courseRefusal(reason: string): CourseRefusal {
  for (const [pattern, code, words] of REASONS) {
    const match = pattern.exec(reason);
    if (match) return { reason: code, message: reason, indonesian: words(match) };
  }
  return { reason: 'refused', message: reason, indonesian: reason };
}

/** A package of another standard (SCORM, H5P, …): named, with what to do. */
export function foreignRefusal(recognised: RecognisedPackage): CourseRefusal {
  return {
    reason: 'foreign_package',
    message: recognised.english!,
    indonesian: recognised.indonesian!,
    standard: recognised.standard,
    edition: recognised.edition,
  };
}

/**
 * Says the refusal: with `--json` a JSON line on stdout (`{"ok":false,"error":{…}}`), always both languages on
 * stderr (exit 1).
 */
export function refuseCourse(refusal: CourseRefusal, json: boolean): never {
  if (json)
    console.log(
      JSON.stringify({
        ok: false,
        error: { code: 'INVALID_CONTENT', ...refusal },
      }),
    );
  throw new Refused(
    `refused: ${refusal.message}`,
    `Paket kursus ditolak: ${refusal.indonesian.replace(/\.$/, '')}.`,
  );
}

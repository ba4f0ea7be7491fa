import type { AuWrapRefusal } from '../../core/content/au/wrap';
import { wrapH5p, type H5pWrapRefusal } from '../../core/content/h5p/wrap';
import { wrapCmi5 } from '../../core/content/cmi5/wrap';
import { wrapScorm, type WrapOptions, type WrapRefusal } from '../../core/content/scorm/wrap';
import { wrapTincan } from '../../core/content/xapi/wrap';
import { recogniseFile } from '../../core/packages/recognise-file';
import { zipEntryNames } from '../../core/packages/unzip';
import { DEFAULT_LIMITS } from '../../core/packages/limits';
import { parse, Refused, UsageError } from '../args';
import { readSigner } from '../trust';

/** The operator's sentence per refusal. */
const INDONESIAN: Record<WrapRefusal | AuWrapRefusal | H5pWrapRefusal, string> = {
  not_a_zip: 'Berkas ini bukan zip yang bisa dibaca.',
  no_manifest:
    'Berkas ini bukan paket SCORM, cmi5 atau xAPI (tidak ada imsmanifest.xml, cmi5.xml atau tincan.xml).',
  malformed: 'imsmanifest.xml di paket ini rusak.',
  unsupported_schema: 'Versi SCORM paket ini tidak didukung (hanya SCORM 1.2 dan 2004).',
  outside_package: 'Paket ini merujuk berkas di luar paket.',
  missing_files: 'Ada berkas yang disebut di imsmanifest.xml tetapi tidak ada di paket.',
  needs_internet: 'Paket ini memuat bahan dari internet sehingga tidak jalan tanpa internet.',
  too_large: 'Paket ini terlalu besar atau mencurigakan (bom zip).',
  unsafe_entry: 'Ada nama berkas yang tidak aman di paket ini.',
  bad_option: 'Pilihan perintah tidak cocok dengan paket ini.',
  missing_libraries: 'Paket H5P ini tidak membawa semua pustaka (library) yang dibutuhkannya.',
  disallowed_file: 'Paket H5P ini berisi jenis berkas yang tidak diizinkan H5P.',
  unsafe_svg: 'Paket H5P ini berisi gambar SVG dengan skrip atau tautan keluar: ditolak demi keamanan.',
};

const MANIFEST_OF: Record<string, string> = { cmi5: 'cmi5.xml', xapi: 'tincan.xml' };

export async function courseWrap(rest: string[]): Promise<number> {
  const { values, positionals } = parse(
    rest,
    {
      key: { type: 'string' },
      cert: { type: 'string' },
      out: { type: 'string' },
      id: { type: 'string' },
      version: { type: 'string' },
      language: { type: 'string' },
      publisher: { type: 'string' },
      pretest: { type: 'string' },
      posttest: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      pass: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if (!positionals[0] || !values.key || !values.out)
    throw new UsageError('course wrap <package.zip> --key FILE --cert CHAIN --out FILE.balaicourse');
  if (values.language !== undefined && values.language !== 'id' && values.language !== 'en')
    throw new UsageError('--language id|en');
  const signer = readSigner(values.key, values.cert, 'courses');
  const names = await zipEntryNames(positionals[0], DEFAULT_LIMITS.maxEntries);
  if (positionals[0].toLowerCase().endsWith('.h5p') || names?.includes('h5p.json'))
    return wrapH5pCommand(positionals[0], values, signer);
  // The standard decides the wrapper: cmi5 and Tin Can report to the local LRS; Common Cartridge is not played.
  const recognised = await recogniseFile(positionals[0]);
  if (recognised?.standard === 'common-cartridge')
    throw new Refused(`refused (unsupported): ${recognised.english!}`, recognised.indonesian!);
  const wrap =
    recognised?.standard === 'cmi5' ? wrapCmi5 : recognised?.standard === 'xapi' ? wrapTincan : wrapScorm;
  const options: WrapOptions = {
    signer,
    out: values.out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
    id: values.id,
    version: values.version,
    language: values.language,
    publisher: values.publisher,
    pretest: values.pretest,
    posttest: values.posttest,
    allowRemote: values['allow-remote'],
  };
  const outcome = await wrap(positionals[0], options);
  if (!outcome.ok)
    throw new Refused(
      `refused (${outcome.code}): ${outcome.reason}`,
      // A cmi5 or Tin Can package's sentence names its own manifest.
      INDONESIAN[outcome.code]
        .replace('imsmanifest.xml', MANIFEST_OF[recognised?.standard ?? ''] ?? 'imsmanifest.xml')
        .replace(
          'paket SCORM',
          recognised?.standard === 'cmi5'
            ? 'paket cmi5'
            : recognised?.standard === 'xapi'
              ? 'paket xAPI'
              : 'paket SCORM',
        ),
    );
  const lessons = outcome.manifest.modules.flatMap((m) => m.lessons).length;
  const summary = {
    out: values.out,
    id: outcome.manifest.id,
    version: outcome.manifest.version,
    standard: outcome.manifest.content?.type ?? 'scorm',
    edition: 'scorm' in outcome ? outcome.scorm.edition : null,
    title: outcome.manifest.title,
    lessons,
    files: outcome.files,
    remote: outcome.remote,
  };
  if (values.json) console.log(JSON.stringify(summary));
  else {
    console.log(
      `${summary.out}: ${summary.id} ${summary.version} (${summary.edition ? `SCORM ${summary.edition}` : (recognised?.name ?? summary.standard)}), ${lessons} lessons, ${summary.files} files`,
    );
    for (const r of outcome.remote)
      console.log(`  needs the internet (degrades offline): ${r.url} in ${r.file}`);
  }
  return 0;
}

type WrapValues = {
  out?: string;
  id?: string;
  version?: string;
  language?: string;
  publisher?: string;
  pretest?: string;
  posttest?: string;
  pass?: string;
  'allow-remote'?: boolean;
  json?: boolean;
};

/**
 * An .h5p is one activity, so `--pretest` / `--posttest` take no item: any value (`yes`, the title…) marks
 * the activity as the course's pretest or posttest. `--pass 0.8` is the scaled score that passes.
 */
/** Where an H5P refusal means something else than the SCORM sentence says. */
const INDONESIAN_H5P: Partial<Record<H5pWrapRefusal, string>> = {
  no_manifest: 'Berkas ini bukan paket H5P (tidak ada h5p.json).',
  malformed: 'h5p.json atau library.json di paket H5P ini rusak atau tidak lengkap.',
  missing_files: 'Ada berkas yang disebut paket H5P ini tetapi tidak ada di dalamnya.',
  needs_internet:
    'Aktivitas H5P ini memuat video atau gambar dari internet sehingga tidak lengkap tanpa internet.',
};

async function wrapH5pCommand(file: string, values: WrapValues, signer: ReturnType<typeof readSigner>) {
  if (values.pretest !== undefined && values.posttest !== undefined)
    throw new UsageError('an H5P activity is either --pretest or --posttest, not both');
  const pass = values.pass === undefined ? undefined : Number(values.pass);
  if (pass !== undefined && !(pass >= 0 && pass <= 1)) throw new UsageError('--pass: a number from 0 to 1');
  const outcome = await wrapH5p(file, {
    signer,
    out: values.out!,
    limits: DEFAULT_LIMITS,
    now: new Date(),
    id: values.id,
    version: values.version,
    language: values.language as 'id' | 'en' | undefined,
    publisher: values.publisher,
    allowRemote: values['allow-remote'],
    assessment: values.pretest !== undefined ? 'pre' : values.posttest !== undefined ? 'post' : undefined,
    passingScaled: pass,
  });
  if (!outcome.ok)
    throw new Refused(
      `refused (${outcome.code}): ${outcome.reason}`,
      INDONESIAN_H5P[outcome.code] ?? INDONESIAN[outcome.code],
    );
  const summary = {
    out: values.out,
    id: outcome.manifest.id,
    version: outcome.manifest.version,
    type: 'h5p',
    mainLibrary: outcome.mainLibrary,
    title: outcome.manifest.title,
    lessons: 1,
    libraries: outcome.libraries,
    files: outcome.files,
    remote: outcome.remote,
  };
  if (values.json) console.log(JSON.stringify(summary));
  else {
    console.log(
      `${summary.out}: ${summary.id} ${summary.version} (H5P ${summary.mainLibrary}), ${summary.libraries} libraries, ${summary.files} files`,
    );
    for (const r of outcome.remote) console.log(`  needs the internet (degrades offline): ${r.url}`);
  }
  return 0;
}

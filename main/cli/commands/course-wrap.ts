import { wrapScorm, type WrapRefusal } from '../../core/content/scorm/wrap';
import { DEFAULT_LIMITS } from '../../core/packages/limits';
import { parse, Refused, UsageError } from '../args';
import { readSigner } from '../trust';

/** The operator's sentence per refusal. */
const INDONESIAN: Record<WrapRefusal, string> = {
  not_a_zip: 'Berkas ini bukan zip yang bisa dibaca.',
  no_manifest: 'Berkas ini bukan paket SCORM (tidak ada imsmanifest.xml).',
  malformed: 'imsmanifest.xml di paket ini rusak.',
  unsupported_schema: 'Versi SCORM paket ini tidak didukung (hanya SCORM 1.2 dan 2004).',
  outside_package: 'Paket ini merujuk berkas di luar paket.',
  missing_files: 'Ada berkas yang disebut di imsmanifest.xml tetapi tidak ada di paket.',
  needs_internet: 'Paket ini memuat bahan dari internet sehingga tidak jalan tanpa internet.',
  too_large: 'Paket ini terlalu besar atau mencurigakan (bom zip).',
  unsafe_entry: 'Ada nama berkas yang tidak aman di paket ini.',
  bad_option: 'Pilihan perintah tidak cocok dengan paket ini.',
};

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
      json: { type: 'boolean', default: false },
    },
    true,
  );
  if (!positionals[0] || !values.key || !values.out)
    throw new UsageError('course wrap <package.zip> --key FILE --cert CHAIN --out FILE.balaicourse');
  if (values.language !== undefined && values.language !== 'id' && values.language !== 'en')
    throw new UsageError('--language id|en');
  const signer = readSigner(values.key, values.cert, 'courses');
  const outcome = await wrapScorm(positionals[0], {
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
  });
  if (!outcome.ok)
    throw new Refused(`refused (${outcome.code}): ${outcome.reason}`, INDONESIAN[outcome.code]);
  const lessons = outcome.manifest.modules.flatMap((m) => m.lessons).length;
  const summary = {
    out: values.out,
    id: outcome.manifest.id,
    version: outcome.manifest.version,
    edition: outcome.scorm.edition,
    title: outcome.manifest.title,
    lessons,
    files: outcome.files,
    remote: outcome.remote,
  };
  if (values.json) console.log(JSON.stringify(summary));
  else {
    console.log(
      `${summary.out}: ${summary.id} ${summary.version} (SCORM ${summary.edition}), ${lessons} lessons, ${summary.files} files`,
    );
    for (const r of outcome.remote)
      console.log(`  needs the internet (degrades offline): ${r.url} in ${r.file}`);
  }
  return 0;
}

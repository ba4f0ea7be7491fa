import { tmpdir } from 'node:os';
import { verifyCourseFile, packCourse } from '../../core/packages/course-package';
import { DEFAULT_LIMITS } from '../../core/packages/limits';
import { installedView } from '../../core/courses/store';
import { dataDir, parse, Refused, UsageError } from '../args';
import { openCore } from '../core';
import { cliTrust, readSigner } from '../trust';

export const courseHelp = `balai course pack <folder> --key FILE --cert CHAIN --out FILE
balai course verify <file|folder> [--data DIR] [--json]
balai course install <file|folder> --data DIR
balai course list --data DIR [--json]
balai course remove <id> --data DIR
  Course packages (.balaicourse): pack and sign a course folder with a publisher key and its certificate
  chain (right "courses"), check a package (a chain to a shipped root, with --data: covering that kiosk's
  desa and not revoked there; hashes, schema, content), install it (staged, all or nothing), list and remove installed courses.`;

export async function course(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'pack': {
      const { values, positionals } = parse(
        rest,
        { key: { type: 'string' }, cert: { type: 'string' }, out: { type: 'string' } },
        true,
      );
      if (!positionals[0] || !values.key || !values.cert || !values.out)
        throw new UsageError('course pack <folder> --key FILE --cert CHAIN --out FILE');
      const signer = readSigner(values.key, values.cert, 'courses');
      try {
        const { manifest, files } = await packCourse(
          positionals[0],
          signer,
          values.out,
          DEFAULT_LIMITS,
          new Date(),
        );
        console.log(
          `${values.out}: ${manifest.id} ${manifest.version}, ${files.length} files, signed by ${signer.key.keyId}`,
        );
        return 0;
      } catch (error) {
        throw new Refused(
          `cannot pack: ${error instanceof Error ? error.message : String(error)}`,
          'Kursus tidak dapat dikemas.',
        );
      }
    }
    case 'verify': {
      const { values, positionals } = parse(
        rest,
        { data: { type: 'string' }, json: { type: 'boolean', default: false } },
        true,
      );
      if (!positionals[0]) throw new UsageError('course verify <file|folder>');
      const data = values.data ?? process.env.BALAI_DATA;
      const result = await verifyCourseFile(positionals[0], tmpdir(), cliTrust(data), DEFAULT_LIMITS);
      if (!result.ok) throw new Refused(`refused: ${result.reason}`, 'Paket kursus ditolak.');
      const out = {
        id: result.manifest.id,
        version: result.manifest.version,
        title: result.manifest.title,
        publisher: result.publisher.name,
        keyId: result.publisher.keyId,
        scope: result.publisher.scope,
        files: result.files.length,
      };
      console.log(
        values.json
          ? JSON.stringify(out)
          : `ok: ${out.id} ${out.version} "${out.title}", signed by ${out.publisher} (${out.keyId}, ${out.scope ? `region ${out.scope}` : 'national'}), ${out.files} files`,
      );
      return 0;
    }
    case 'install': {
      const { values, positionals } = parse(rest, { data: { type: 'string' } }, true);
      if (!positionals[0]) throw new UsageError('course install <file|folder> --data DIR');
      const core = openCore(dataDir(values.data), { quiet: true });
      try {
        core.services.courses.recover();
        const outcome = await core.services.courses.installVerified(positionals[0]);
        if (!outcome.ok) throw new Refused(`refused: ${outcome.reason}`, 'Paket kursus ditolak.');
        console.log(
          `installed ${outcome.course.id} ${outcome.course.version}${outcome.replaced ? ` (was ${outcome.replaced})` : ''}`,
        );
        return 0;
      } finally {
        core.close();
      }
    }
    case 'list': {
      const { values } = parse(rest, { data: { type: 'string' }, json: { type: 'boolean', default: false } });
      const core = openCore(dataDir(values.data), { quiet: true });
      try {
        const list = core.services.courses.list().map(installedView);
        if (values.json) console.log(JSON.stringify(list));
        else
          for (const c of list)
            console.log(`${c.id}\t${c.version}\t${c.sizeBytes} B\t${c.publisher}\t${c.title}`);
        return 0;
      } finally {
        core.close();
      }
    }
    case 'remove': {
      const { values, positionals } = parse(rest, { data: { type: 'string' } }, true);
      if (!positionals[0]) throw new UsageError('course remove <id> --data DIR');
      const core = openCore(dataDir(values.data), { quiet: true });
      try {
        if (!core.services.courses.remove(positionals[0]))
          throw new Refused(`no course ${positionals[0]}`, 'Kursus tidak ditemukan.');
        console.log(`removed ${positionals[0]} (learners' records stay)`);
        return 0;
      } finally {
        core.close();
      }
    }
    default:
      throw new UsageError(`unknown course command: ${verb ?? '(none)'}`);
  }
}

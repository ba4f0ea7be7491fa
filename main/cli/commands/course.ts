import { randomUUID } from 'node:crypto';
import { rmSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packCourse, verifyCourseFile, verifyCourseFolder } from '../../core/packages/course-package';
import { recogniseFile } from '../../core/packages/recognise-file';
import { DEFAULT_LIMITS } from '../../core/packages/limits';
import { installedView } from '../../core/courses/store';
import { dataDir, parse, Refused, UsageError } from '../args';
import { openCore } from '../core';
import { courseCheck } from './course-check';
import { courseWrap } from './course-wrap';
import { courseRefusal, foreignRefusal, refuseCourse } from './course-refusal';
import { cliTrust, readSigner } from '../trust';

function statSafe(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A package of another standard is named and refused before any check that would call it merely "not signed". */
async function refuseForeign(source: string, json: boolean): Promise<void> {
  const recognised = await recogniseFile(source);
  if (recognised?.indonesian) refuseCourse(foreignRefusal(recognised), json);
}

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
    case 'wrap':
      return courseWrap(rest);
    case 'check':
      return courseCheck(rest);
    case 'verify': {
      const { values, positionals } = parse(
        rest,
        { data: { type: 'string' }, json: { type: 'boolean', default: false } },
        true,
      );
      if (!positionals[0]) throw new UsageError('course verify <file|folder>');
      const source = positionals[0];
      const data = values.data ?? process.env.BALAI_DATA;
      await refuseForeign(source, values.json);
      const scratch = join(tmpdir(), `balai-verify-${randomUUID()}`);
      const result = statSafe(source)?.isDirectory()
        ? await verifyCourseFolder(source, scratch, cliTrust(data), DEFAULT_LIMITS).finally(() =>
            rmSync(scratch, { recursive: true, force: true }),
          )
        : await verifyCourseFile(source, tmpdir(), cliTrust(data), DEFAULT_LIMITS);
      if (!result.ok) refuseCourse(courseRefusal(result.reason), values.json);
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
          ? JSON.stringify({ ok: true, ...out })
          : `ok: ${out.id} ${out.version} "${out.title}", signed by ${out.publisher} (${out.keyId}, ${out.scope ? `region ${out.scope}` : 'national'}), ${out.files} files`,
      );
      return 0;
    }
    case 'install': {
      const { values, positionals } = parse(
        rest,
        { data: { type: 'string' }, json: { type: 'boolean', default: false } },
        true,
      );
      if (!positionals[0]) throw new UsageError('course install <file|folder> --data DIR');
      const dir = dataDir(values.data);
      await refuseForeign(positionals[0], values.json);
      const core = openCore(dir, { quiet: true });
      try {
        core.services.courses.recover();
        const outcome = await core.services.courses.installVerified(positionals[0]);
        if (!outcome.ok) refuseCourse(courseRefusal(outcome.reason), values.json);
        const done = {
          id: outcome.course.id,
          version: outcome.course.version,
          title: outcome.course.title,
          replaced: outcome.replaced,
        };
        console.log(
          values.json
            ? JSON.stringify({ ok: true, ...done })
            : `installed ${done.id} ${done.version}${done.replaced ? ` (was ${done.replaced})` : ''}`,
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

/**
 * Hostile API payloads, through the dispatcher both transports use (`core.call` with `unknown` name and
 * arguments, as they arrive from IPC or HTTP): names and NIKs with control characters, keys that reach for
 * prototypes, nesting, huge strings, odd method names, and paths on a stick that lead elsewhere.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { courseFiles, signedItems, yazlZip } from '../../core/packages/fixtures';
import { fromResult, taskEnd, type HostileCase, type Outcome, type ProofVillage } from './harness';

type Caller = 'operator' | 'learner' | 'anyone';

async function call(v: ProofVillage, caller: Caller, name: unknown, args: unknown): Promise<Outcome> {
  const token = caller === 'operator' ? v.operator : caller === 'learner' ? v.tokenA : v.core.newSession();
  const r = await v.core.call(token, name, args);
  // An install that starts is judged by its task's answer.
  if (r.ok && name === 'courses.installFromDrive') {
    const task = await taskEnd(v, (r.value as { taskId: string }).taskId);
    if (task.state !== 'done')
      return { kind: 'refused', code: task.error?.code ?? task.state, reason: task.error?.message ?? '' };
  }
  return fromResult(r);
}

const api = (
  name: string,
  expect: string | RegExp,
  method: unknown,
  args: (v: ProofVillage) => unknown,
  caller: Caller = 'operator',
  open?: string,
): HostileCase => ({
  target: 'api',
  name,
  expect,
  run: (v) => call(v, caller, method, args(v)),
  ...(open ? { open } : {}),
});

/** A new learner as the operator would add one, with `fields` changed. */
const learner = (fields: Record<string, unknown>) => () => ({
  fullName: 'Citra Ketiga',
  jabatan: 'kepala_dusun',
  pin: '738495',
  ...fields,
});
const named = (fullName: string) => learner({ fullName });
const withNik = (nik: string) => learner({ nik });

/** A symlink on the stick at `rel` pointing at `target` (outside the stick). */
function linkOnStick(v: ProofVillage, rel: string, target: string): string {
  const link = join(v.stick.mountpoint, ...rel.split('/'));
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link);
  return rel;
}

/** A good, newer package of the installed course, alone in a folder outside the stick. */
async function goodPackageOutside(v: ProofVillage): Promise<string> {
  const file = join(v.scratch('di-luar'), 'kursus-uji-1.3.0.balaicourse');
  mkdirSync(dirname(file));
  writeFileSync(file, await yazlZip(signedItems(courseFiles('1.3.0'), v.publisher)));
  return file;
}

export const apiCases: HostileCase[] = [
  // Names with control and invisible characters.
  api('a name with NUL', 'BAD_INPUT', 'learners.create', named('Citra\u0000Ketiga')),
  api('a name with a line break inside', 'BAD_INPUT', 'learners.create', named('Citra\nKetiga')),
  api('a name with a terminal escape', 'BAD_INPUT', 'learners.create', named('Citra \u001b[31mKetiga')),
  api('a name with DEL', 'BAD_INPUT', 'learners.create', named('Citra\u007fKetiga')),
  api('a name with a C1 control (NEL)', 'BAD_INPUT', 'learners.create', named('Citra\u0085Ketiga')),
  api(
    'a name with a lone surrogate',
    'BAD_INPUT',
    'learners.create',
    named('Citra \ud800Ketiga'),
    'operator',
  ),
  api(
    'a name with a right-to-left override',
    'BAD_INPUT',
    'learners.create',
    named('Citra \u202eagiteK'),
    'operator',
  ),
  api(
    'a name with a line separator (U+2028)',
    'BAD_INPUT',
    'learners.create',
    named('Citra\u2028Ketiga'),
    'operator',
  ),
  api('a name of 1 MiB', 'BAD_INPUT', 'learners.create', named('A'.repeat(1024 ** 2))),
  api('learner A renamed with a terminal escape', 'BAD_INPUT', 'learners.update', (v) => ({
    id: v.learnerA,
    fullName: 'Ani \u001b]0;pwned\u0007',
    jabatan: 'kaur_keuangan',
  })),
  api(
    'a search with control characters',
    'BAD_INPUT',
    'auth.roster',
    () => ({ search: 'Ani\u0000' }),
    'anyone',
  ),
  // NIK.
  api('a NIK with NUL after 16 digits', 'BAD_INPUT', 'learners.create', withNik('3302051234567890\u0000')),
  api(
    'a NIK with a line break after 16 digits',
    'BAD_INPUT',
    'learners.create',
    withNik('3302051234567890\n'),
  ),
  api('a NIK in Arabic-Indic digits', 'BAD_INPUT', 'learners.create', withNik('٣٣٠٢٠٥١٢٣٤٥٦٧٨٩٠')),
  api(
    'a NIK in full-width digits',
    'BAD_INPUT',
    'learners.create',
    withNik('３３０２０５１２３４５６７８９０'),
  ),
  api('a NIK with a zero-width space', 'BAD_INPUT', 'learners.create', withNik('33020512345\u200b67890')),
  // Keys, nesting, method names.
  api('"__proto__" in the arguments', 'BAD_INPUT', 'learners.create', () =>
    JSON.parse(
      '{"fullName":"Citra Ketiga","jabatan":"kepala_dusun","pin":"738495","__proto__":{"isOperator":true}}',
    ),
  ),
  api('"constructor.prototype" in the arguments', 'BAD_INPUT', 'learners.create', () =>
    JSON.parse(
      '{"fullName":"Citra Ketiga","jabatan":"kepala_dusun","pin":"738495","constructor":{"prototype":{"isOperator":true}}}',
    ),
  ),
  api('arguments nested 100,000 deep', 'BAD_INPUT', 'learners.create', () =>
    JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  ),
  api(
    'a method name nested 100,000 deep',
    'UNKNOWN_METHOD',
    JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    () => ({}),
  ),
  api('the method "__proto__"', 'UNKNOWN_METHOD', '__proto__', () => ({})),
  api('the method "constructor"', 'UNKNOWN_METHOD', 'constructor', () => ({})),
  api('a method name of 1 MiB', 'UNKNOWN_METHOD', 'x'.repeat(1024 ** 2), () => ({})),
  // Ids that are paths.
  api('a course id "../../balai.sqlite"', 'BAD_INPUT', 'courses.remove', () => ({
    courseId: '../../balai.sqlite',
    confirm: true,
  })),
  api(
    'a lesson id that is a path',
    'BAD_INPUT',
    'lessons.open',
    () => ({ courseId: 'kursus-uji', lessonId: '../../../etc/passwd' }),
    'learner',
  ),
  api(
    'a resume route "javascript:alert(1)"',
    'BAD_INPUT',
    'auth.saveResume',
    () => ({ route: 'javascript:alert(1)', position: 0 }),
    'learner',
  ),
  // Paths on a stick.
  api(
    'install from "../../desa/balai.sqlite.balaicourse"',
    'BAD_INPUT path escape',
    'courses.installFromDrive',
    (v) => ({
      driveId: v.stickId,
      path: '../../desa/balai.sqlite.balaicourse',
    }),
  ),
  api('install from an absolute path', 'BAD_INPUT absolute path', 'courses.installFromDrive', (v) => ({
    driveId: v.stickId,
    path: '/etc/x.balaicourse',
  })),
  api('install from a drive letter', 'BAD_INPUT', 'courses.installFromDrive', (v) => ({
    driveId: v.stickId,
    path: 'C:/BalaiBelajar/x.balaicourse',
  })),
  api('install from a backslash path', 'BAD_INPUT', 'courses.installFromDrive', (v) => ({
    driveId: v.stickId,
    path: 'BalaiBelajar\\..\\..\\x.balaicourse',
  })),
  api(
    'install from a percent-encoded escape',
    /INVALID_CONTENT no such file/,
    'courses.installFromDrive',
    (v) => ({
      driveId: v.stickId,
      path: '%2e%2e/%2e%2e/x.balaicourse',
    }),
  ),
  {
    target: 'api',
    name: 'install a package symlinked from off the stick',
    expect: 'BAD_INPUT link leaves the drive',
    run: async (v) =>
      call(v, 'operator', 'courses.installFromDrive', {
        driveId: v.stickId,
        path: linkOnStick(v, 'BalaiBelajar/tautan.balaicourse', await goodPackageOutside(v)),
      }),
  },
  {
    target: 'api',
    name: 'install through a symlinked folder leading off the stick',
    expect: 'BAD_INPUT link leaves the drive',
    run: async (v) => {
      const outside = await goodPackageOutside(v);
      return call(v, 'operator', 'courses.installFromDrive', {
        driveId: v.stickId,
        path: `${linkOnStick(v, 'BalaiBelajar/folder-luar', dirname(outside))}/${basename(outside)}`,
      });
    },
  },
];

import { join } from 'node:path';
import { wrapH5p } from '../../../main/core/content/h5p/wrap';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import {
  rawZip,
  signatureFor,
  signedItems,
  type CourseFiles,
  type ZipItem,
} from '../../core/packages/fixtures';
import { SCRIPTED_SVG, writeH5p, zipFilesOf } from '../../helpers/h5p-fixtures';
import type { HostileCase, Outcome, ProofVillage } from './harness';
import { installFromStick } from './packages';

/** Wraps a hostile .h5p of our own (the corpus's True/False with `edit` applied), as the kabupaten's team would. */
async function wrapHostile(v: ProofVillage, edit: (files: Map<string, Buffer>) => void): Promise<Outcome> {
  const file = await writeH5p(`${v.scratch('aktivitas')}.h5p`, edit);
  const outcome = await wrapH5p(file, {
    signer: v.publisher,
    out: `${v.scratch('aktivitas')}.balaicourse`,
    limits: DEFAULT_LIMITS,
    now: new Date(),
  });
  return outcome.ok
    ? { kind: 'accepted', detail: outcome.manifest.id }
    : { kind: 'refused', code: outcome.code, reason: outcome.reason };
}

/**
 * A course a publisher signed with a hostile file in its H5P part, never through `balai course wrap` (a
 * stolen or careless key): the kiosk's own install checks must refuse it. Made from a clean wrap, then
 * changed and signed again properly, so only the H5P checks stand between it and the kiosk.
 */
async function signedHostile(
  v: ProofVillage,
  edit: (files: CourseFiles) => ZipItem[] | void,
): Promise<Outcome> {
  const clean = await writeH5p(`${v.scratch('bersih')}.h5p`, () => {});
  const out = join(`${v.scratch('bersih')}.balaicourse`);
  const wrapped = await wrapH5p(clean, { signer: v.publisher, out, limits: DEFAULT_LIMITS, now: new Date() });
  if (!wrapped.ok) throw new Error(wrapped.reason);
  const files: CourseFiles = Object.fromEntries(
    [...(await zipFilesOf(out))].filter(([name]) => name !== 'signature.json'),
  );
  const extra = edit(files) ?? [];
  const signature = signatureFor(files, v.publisher, { courseId: wrapped.manifest.id });
  return installFromStick(v, rawZip([...signedItems(files, v.publisher, signature), ...extra]));
}

export const h5pCases: HostileCase[] = [
  {
    target: 'h5p package',
    name: 'wrap: a script in an SVG of the content',
    expect: /^unsafe_svg "content\/images\/kartu\.svg" is refused: it holds a <script> element$/,
    run: (v) => wrapHostile(v, (f) => f.set('content/images/kartu.svg', Buffer.from(SCRIPTED_SVG))),
  },
  {
    target: 'h5p package',
    name: 'wrap: a library path escape (zip entry "H5P.TrueFalse-1.6/../../x.js")',
    expect: /^outside_package .*path escape/,
    run: (v) => wrapHostile(v, (f) => f.set('H5P.TrueFalse-1.6/../../x.js', Buffer.from('alert(1)'))),
  },
  {
    target: 'h5p package',
    name: 'wrap: a library.json that preloads a file outside its library',
    expect: /^outside_package H5P\.TrueFalse-1\.6\/library\.json names a path outside the library/,
    run: (v) =>
      wrapHostile(v, (f) => {
        const json = JSON.parse(f.get('H5P.TrueFalse-1.6/library.json')!.toString()) as {
          preloadedJs: { path: string }[];
        };
        json.preloadedJs.push({ path: '../H5P.Question-1.4/scripts/question.js' });
        f.set('H5P.TrueFalse-1.6/library.json', Buffer.from(JSON.stringify(json)));
      }),
  },
  {
    target: 'h5p package',
    name: 'install: a signed H5P course with a script in an SVG (not made by wrap)',
    expect: /"h5p\/content\/images\/kartu\.svg" is refused: it holds a <script> element/,
    run: (v) =>
      signedHostile(v, (files) => {
        files['h5p/content/images/kartu.svg'] = Buffer.from(SCRIPTED_SVG);
      }),
  },
  {
    target: 'h5p package',
    name: 'install: a signed H5P course with a library entry escaping the course folder',
    expect: /path escape/,
    run: (v) =>
      signedHostile(v, () => [
        { name: 'h5p/libraries/H5P.TrueFalse-1.6/../../../../../x.js', data: Buffer.from('alert(1)') },
      ]),
  },
];

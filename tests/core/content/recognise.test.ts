import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_CONTENT, REPO_ROOT } from '../../helpers/external-content';
import { recognisePackage } from '../../../main/core/content/recognise';
import { recogniseFile } from '../../../main/core/packages/recognise-file';

const REPO = REPO_ROOT;
const EXTERNAL = EXTERNAL_CONTENT;

/** Every package of the external corpus with what it is (MANIFEST.md's tables). */
const CORPUS: [string, string, string | null, string][] = [
  ['scorm12/ContentPackagingOneFilePerSCO_SCORM12.zip', 'scorm12', null, 'SCORM 1.2'],
  ['scorm12/ContentPackagingSingleSCO_SCORM12.zip', 'scorm12', null, 'SCORM 1.2'],
  ['scorm12/MalformedXml_SCORM12.zip', 'scorm12', null, 'SCORM 1.2'],
  ['scorm12/RuntimeBasicCalls_SCORM12.zip', 'scorm12', null, 'SCORM 1.2'],
  ['scorm2004/ADL-CTS-4thEd-manifests.zip', 'scorm2004', '4th', 'SCORM 2004 edisi ke-4'],
  ['scorm2004/RunTimeAdvancedCalls_SCORM20043rdEdition.zip', 'scorm2004', '3rd', 'SCORM 2004 edisi ke-3'],
  [
    'scorm2004/SequencingForcedSequential_SCORM20043rdEdition.zip',
    'scorm2004',
    '3rd',
    'SCORM 2004 edisi ke-3',
  ],
  [
    'scorm2004/SequencingPostTestRollup4thEd_SCORM20044thEdition.zip',
    'scorm2004',
    '4th',
    'SCORM 2004 edisi ke-4',
  ],
  [
    'scorm2004/SequencingPreOrPostTestRollup_SCORM20043rdEdition.zip',
    'scorm2004',
    '3rd',
    'SCORM 2004 edisi ke-3',
  ],
  ['scorm2004/SequencingRandomTest_SCORM20043rdEdition.zip', 'scorm2004', '3rd', 'SCORM 2004 edisi ke-3'],
  [
    'scorm2004/SequencingSimpleRemediation_SCORM20043rdEdition.zip',
    'scorm2004',
    '3rd',
    'SCORM 2004 edisi ke-3',
  ],
  ['h5p/H5P.CoursePresentation.h5p', 'h5p', null, 'H5P'],
  ['h5p/H5P.InteractiveVideo.h5p', 'h5p', null, 'H5P'],
  ['h5p/H5P.MultiChoice.h5p', 'h5p', null, 'H5P'],
  ['h5p/H5P.QuestionSet.h5p', 'h5p', null, 'H5P'],
  ['h5p/h5p-standalone_TrueFalse_hello-world.h5p', 'h5p', null, 'H5P'],
  ['h5p/invalid-h5p-json-no-mainLibrary.h5p', 'h5p', null, 'H5P'],
  ['h5p/xss-svg_Blanks.h5p', 'h5p', null, 'H5P'],
  ['cmi5/catapult_masteryscore_framed.zip', 'cmi5', null, 'cmi5'],
  ['cmi5/catapult_multi_au_framed.zip', 'cmi5', null, 'cmi5'],
  ['cmi5/catapult_pre_post_test_framed.zip', 'cmi5', null, 'cmi5'],
  ['cmi5/catapult_single_au_basic_responsive.zip', 'cmi5', null, 'cmi5'],
  ['tincan/elearning-module-parser_basic_course.zip', 'xapi', null, 'xAPI (Tin Can)'],
  ['cc/all-question-types.imscc', 'common-cartridge', '1.3.0', 'IMS Common Cartridge 1.3'],
  ['cc/canvas_cc_gem_course.imscc', 'common-cartridge', '1.1.0', 'IMS Common Cartridge 1.1'],
  ['cc/course-1.imscc', 'common-cartridge', '1.3.0', 'IMS Common Cartridge 1.3'],
  ['cc/rich-content-cc-file.imscc', 'common-cartridge', '1.3.0', 'IMS Common Cartridge 1.3'],
  ['cc/single-page.imscc', 'common-cartridge', '1.3.0', 'IMS Common Cartridge 1.3'],
];

describe('recognising e-learning packages', () => {
  it('finds the external corpus (../shared/external-content)', () => {
    expect(existsSync(join(EXTERNAL, 'MANIFEST.md')), EXTERNAL).toBe(true);
  });

  it.each(CORPUS)('%s is %s', async (file, standard, edition, idName) => {
    const r = await recogniseFile(join(EXTERNAL, file));
    expect(r).toMatchObject({ standard, edition });
    if (standard === 'common-cartridge') {
      // Not wrapped either: nothing plays it yet, and the sentence says so rather than "have it wrapped".
      expect(r!.indonesian).toMatch(
        new RegExp(
          `^ini paket ${idName}.*; Balai Belajar belum mendukung Common Cartridge, jadi paket ini tidak bisa dipasang atau dibungkus`,
        ),
      );
      expect(r!.english).toMatch(
        /does not support Common Cartridge yet, so it cannot be installed or wrapped/,
      );
      return;
    }
    expect(r!.indonesian).toMatch(
      new RegExp(
        `^ini paket ${idName.replace(/[()]/g, '\\$&')} .*yang belum ditandatangani; minta tim kabupaten membungkusnya \\(balai course wrap\\)`,
      ),
    );
    expect(r!.english).toMatch(
      /not signed for Balai Belajar; ask the kabupaten team to wrap it \(balai course wrap\)/,
    );
  });

  it('names the packages by their own titles', async () => {
    const title = async (file: string) => (await recogniseFile(join(EXTERNAL, file)))?.title;
    expect(await title('scorm2004/SequencingPostTestRollup4thEd_SCORM20044thEdition.zip')).toBe(
      'Golf Explained - 4th Edition Features',
    );
    expect(await title('h5p/H5P.MultiChoice.h5p')).toBe('Multiple Choice');
    expect(await title('cmi5/catapult_single_au_basic_responsive.zip')).toBe(
      'Introduction to Geology - Responsive Style',
    );
    expect(await title('tincan/elearning-module-parser_basic_course.zip')).toBe('Basic xAPI Course');
    expect(await title('cc/canvas_cc_gem_course.imscc')).toBe('Canvas CC Gem Course');
  });

  it('a Balai Belajar course (package or folder) is one, and says nothing foreign', async () => {
    for (const path of [
      join(REPO, 'resources', 'courses', 'mengenal-apbdes.balaicourse'),
      join(REPO, 'content', 'courses', 'mengenal-apbdes'),
    ])
      expect(await recogniseFile(path)).toMatchObject({ standard: 'balai', indonesian: null, english: null });
  });

  it('from names and small entries alone: an export zipped with its folder, editions, and unknown', async () => {
    const read = (files: Record<string, string>) => (name: string) => Promise.resolve(files[name]);
    const manifest = (version: string) =>
      `<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><metadata><schema>ADL SCORM</schema>` +
      `<schemaversion>${version}</schemaversion></metadata><organizations><organization>` +
      `<title>Keuangan &amp; Aset\u202e Desa</title></organization></organizations></manifest>`;
    const inFolder = await recognisePackage(
      ['kursus/imsmanifest.xml', 'kursus/index.html'],
      read({ 'kursus/imsmanifest.xml': manifest('2004 2nd Edition') }),
    );
    expect(inFolder).toMatchObject({
      standard: 'scorm2004',
      edition: '2nd',
      title: 'Keuangan & Aset Desa',
      evidence: 'kursus/imsmanifest.xml',
    });
    expect(
      await recognisePackage(['imsmanifest.xml'], read({ 'imsmanifest.xml': manifest('CAM 1.3') })),
    ).toMatchObject({ standard: 'scorm2004', edition: null, name: 'SCORM 2004' });
    const none = await recognisePackage(['foto.jpg', 'catatan.txt'], read({}));
    expect(none).toMatchObject({ standard: 'unknown', indonesian: null });
    // A manifest that cannot be read still names nothing it does not say.
    expect(await recognisePackage(['imsmanifest.xml'], read({}))).toMatchObject({ standard: 'unknown' });
  });
});

/**
 * Hostile course packages, installed the way an operator installs one: put on the stick, `courses.installFromDrive`,
 * then the task's answer. Each is otherwise a good 1.2.0 of the installed course (1.1.0), signed by the trusted
 * publisher, so the one thing wrong with it is the thing refused. Builders: tests/core/packages/fixtures.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { selfCertified } from '../../helpers/pki';
import {
  claimSizes,
  courseFiles,
  PNG,
  rawZip,
  signatureFor,
  signedItems,
  SVG,
  yazlZip,
  type CourseFiles,
  type ZipItem,
} from '../../core/packages/fixtures';
import { fromResult, taskEnd, type HostileCase, type Outcome, type ProofVillage } from './harness';

const NEXT = '1.2.0';
const MiB = 1024 ** 2;

/** Puts `bytes` on the stick and installs it through the API; the task's answer is the outcome. */
export async function installFromStick(v: ProofVillage, bytes: Buffer): Promise<Outcome> {
  const rel = `BalaiBelajar/uji/${basename(v.scratch('paket'))}.balaicourse`;
  const file = join(v.stick.mountpoint, ...rel.split('/'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  const started = await v.call(v.operator, 'courses.installFromDrive', { driveId: v.stickId, path: rel });
  if (!started.ok) return fromResult(started);
  const task = await taskEnd(v, (started.value as { taskId: string }).taskId);
  if (task.state === 'done') return { kind: 'accepted', detail: JSON.stringify(task.result) };
  return { kind: 'refused', code: task.error?.code ?? task.state, reason: task.error?.message ?? '' };
}

type Build = (v: ProofVillage) => Buffer | Promise<Buffer>;

const pkg = (name: string, expect: string | RegExp, build: Build): HostileCase => ({
  target: 'course package',
  name,
  expect,
  run: async (v) => installFromStick(v, await build(v)),
});

/** 1.2.0 signed properly over `files`. */
const signed = (v: ProofVillage, files: CourseFiles) => yazlZip(signedItems(files, v.publisher));
/** 1.2.0 with one file replaced or added, signed properly. */
const nextWith = (v: ProofVillage, path: string, data: Buffer | string) =>
  signed(v, { ...courseFiles(NEXT), [path]: Buffer.from(data) });
/** 1.2.0 signed properly, plus one hostile entry written by the raw zip writer. */
const nextPlusRaw = (v: ProofVillage, item: ZipItem) =>
  rawZip([...signedItems(courseFiles(NEXT), v.publisher), item]);
/** A lesson of 1.2.0 with this Markdown. */
const lesson = (v: ProofVillage, markdown: string) => nextWith(v, 'lessons/02.md', `## Dua\n\n${markdown}\n`);
const svgWith = (v: ProofVillage, edit: (svg: string) => string) => nextWith(v, 'media/bagan.svg', edit(SVG));

export const packageCases: HostileCase[] = [
  // Names that leave the staging folder.
  pkg('path escape "../x.md"', 'unsafe name: path escape', (v) =>
    nextPlusRaw(v, { name: '../x.md', data: Buffer.from('x') }),
  ),
  pkg('path escape "lessons/../../../x.md"', 'unsafe name: path escape', (v) =>
    nextPlusRaw(v, { name: 'lessons/../../../x.md', data: Buffer.from('x') }),
  ),
  pkg('absolute path "/tmp/balai-hostile.md"', 'unsafe name: absolute path', (v) =>
    nextPlusRaw(v, { name: '/tmp/balai-hostile.md', data: Buffer.from('x') }),
  ),
  pkg('drive letter "C:/Windows/x.md"', 'unsafe name: absolute path', (v) =>
    nextPlusRaw(v, { name: 'C:/Windows/x.md', data: Buffer.from('x') }),
  ),
  pkg('drive-relative "C:x.md"', 'unsafe name: absolute path', (v) =>
    nextPlusRaw(v, { name: 'C:x.md', data: Buffer.from('x') }),
  ),
  pkg('backslashes "lessons\\..\\..\\x.md"', 'unsafe name: backslash', (v) =>
    nextPlusRaw(v, { name: 'lessons\\..\\..\\x.md', data: Buffer.from('x') }),
  ),
  pkg('UNC path "\\\\server\\share\\x.md"', 'unsafe name: backslash', (v) =>
    nextPlusRaw(v, { name: '\\\\server\\share\\x.md', data: Buffer.from('x') }),
  ),
  pkg('percent-encoded escape "%2e%2e/x.md"', 'unsafe name: character not allowed', (v) =>
    nextPlusRaw(v, { name: '%2e%2e/x.md', data: Buffer.from('x') }),
  ),
  pkg('encoded slash "..%2fx.md"', 'unsafe name: character not allowed', (v) =>
    nextPlusRaw(v, { name: '..%2fx.md', data: Buffer.from('x') }),
  ),
  pkg('control character in a name', 'unsafe name: control character', (v) =>
    nextPlusRaw(v, { name: 'media/a\u0007b.png', data: PNG }),
  ),
  pkg('file name that is not UTF-8', 'a file name is not valid UTF-8', (v) =>
    nextPlusRaw(v, {
      name: Buffer.from([0x6d, 0x65, 0x64, 0x69, 0x61, 0x2f, 0xc0, 0xaf, 0x2e, 0x2e]),
      data: PNG,
    }),
  ),
  // Links.
  pkg('symlink entry in place of a lesson', 'symbolic link "lessons/02.md"', (v) =>
    yazlZip(
      signedItems(courseFiles(NEXT), v.publisher).map((item) =>
        item.name === 'lessons/02.md' ? { ...item, mode: 0o120777 } : item,
      ),
    ),
  ),
  pkg('symlink entry to /etc/passwd', 'symbolic link "media/passwd.png"', (v) =>
    nextPlusRaw(v, { name: 'media/passwd.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 }),
  ),
  // Bombs.
  pkg('zip bomb by ratio (64 MiB of zeros in one video)', /compressed more than 200:1 \(zip bomb\?\)/, (v) =>
    nextWith(v, 'media/video.mp4', Buffer.alloc(64 * MiB)),
  ),
  pkg(
    'zip bomb that lies about its size (64 MiB declared as 1 MiB)',
    /cannot extract "media\/doc.pdf": too many bytes in the stream/,
    (v) =>
      nextPlusRaw(v, {
        name: 'media/doc.pdf',
        data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64 * MiB)]),
        compress: true,
        declaredSize: MiB,
      }),
  ),
  pkg(
    'zip bomb by total size (three entries claiming 900 MiB each)',
    /unpacks to more than 2147483648 bytes/,
    (v) => {
      let zip = rawZip([
        ...signedItems(courseFiles(NEXT), v.publisher),
        ...[1, 2, 3].map((i) => ({ name: `media/video-${i}.mp4`, data: Buffer.from('x') })),
      ]);
      for (const i of [1, 2, 3])
        zip = claimSizes(zip, `media/video-${i}.mp4`, { compressed: 900 * MiB, uncompressed: 900 * MiB });
      return zip;
    },
  ),
  pkg(
    'zip bomb by size of one entry (4 GiB claimed)',
    /"media\/video.mp4" is larger than 1073741824 bytes/,
    (v) =>
      claimSizes(nextPlusRaw(v, { name: 'media/video.mp4', data: Buffer.from('x') }), 'media/video.mp4', {
        compressed: 0xffff_fff0,
        uncompressed: 0xffff_fff0,
      }),
  ),
  pkg('zip bomb by entry count (5,001 entries)', 'more than 5000 entries', (v) =>
    rawZip([
      ...signedItems(courseFiles(NEXT), v.publisher),
      ...Array.from({ length: 5001 }, (_, i) => ({ name: `media/f${i}.md`, data: Buffer.alloc(0) })),
    ]),
  ),
  // Signatures.
  pkg('no signature.json', 'not signed: signature.json is missing', (v) =>
    yazlZip(signedItems(courseFiles(NEXT), v.publisher, null)),
  ),
  pkg('signature bytes changed', 'bad signature', (v) => {
    const files = courseFiles(NEXT);
    const signature = signatureFor(files, v.publisher);
    const raw = Buffer.from(signature.signature, 'base64');
    raw[7] = raw[7]! ^ 0x01;
    return yazlZip(signedItems(files, v.publisher, { ...signature, signature: raw.toString('base64') }));
  }),
  pkg('signed by a key the village does not trust', 'not a trusted root', () =>
    yazlZip(signedItems(courseFiles(NEXT), selfCertified('Penerbit Asing'))),
  ),
  pkg('signed by a bare key, with no certificate chain', 'no certificate chain', () =>
    yazlZip(signedItems(courseFiles(NEXT), { key: newPrivateKeyFile('Penerbit Asing'), chain: [] })),
  ),
  pkg('signed with the certified key id and chain but another key', 'bad signature', (v) => {
    const stranger = { ...newPrivateKeyFile('Penerbit Asing'), keyId: v.publisher.key.keyId };
    return yazlZip(signedItems(courseFiles(NEXT), { key: stranger, chain: v.publisher.chain }));
  }),
  pkg(
    'signature made for a receipt, not a course',
    'signature is for a balai-receipt, not a balai-course',
    (v) => {
      const files = courseFiles(NEXT);
      return yazlZip(
        signedItems(files, v.publisher, signatureFor(files, v.publisher, { type: 'balai-receipt' })),
      );
    },
  ),
  pkg('a lesson changed after signing', '"lessons/02.md" does not match its signed hash', (v) => {
    const files = courseFiles(NEXT);
    const signature = signatureFor(files, v.publisher);
    return yazlZip(
      signedItems({ ...files, 'lessons/02.md': Buffer.from('## Diubah\n') }, v.publisher, signature),
    );
  }),
  pkg(
    'an unsigned extra file',
    '"media/tambahan.png" is in the package but not in the signed file list',
    (v) => {
      const files = courseFiles(NEXT);
      return yazlZip(
        signedItems({ ...files, 'media/tambahan.png': PNG }, v.publisher, signatureFor(files, v.publisher)),
      );
    },
  ),
  pkg('signature.json nested 100 deep', 'signature.json is nested too deeply', (v) =>
    yazlZip([
      ...signedItems(courseFiles(NEXT), v.publisher, null),
      { name: 'signature.json', data: Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}`) },
    ]),
  ),
  pkg('signature.json with "__proto__" in the signed part', 'signature.json has a "__proto__" key', (v) => {
    const files = courseFiles(NEXT);
    const signature = JSON.stringify(signatureFor(files, v.publisher)).replace(
      '"signed":{',
      '"signed":{"__proto__":{"files":[]},',
    );
    return yazlZip([
      ...signedItems(files, v.publisher, null),
      { name: 'signature.json', data: Buffer.from(signature) },
    ]);
  }),
  pkg('signature.json that is not UTF-8', 'signature.json is not valid UTF-8', (v) =>
    yazlZip([
      ...signedItems(courseFiles(NEXT), v.publisher, null),
      { name: 'signature.json', data: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
    ]),
  ),
  // Replays and downgrades.
  pkg(
    'replay: the installed 1.1.0 package again',
    'version 1.1.0 is not newer than installed 1.1.0',
    (v) => v.packages['1.1.0'],
  ),
  pkg(
    'downgrade: the old 1.0.0 package',
    'version 1.0.0 is not newer than installed 1.1.0',
    (v) => v.packages['1.0.0'],
  ),
  pkg('downgrade: a freshly signed 1.0.9', 'version 1.0.9 is not newer than installed 1.1.0', (v) =>
    signed(v, courseFiles('1.0.9')),
  ),
  // The manifest.
  pkg('course.json over 4 MiB', /course.json is too large/, (v) => {
    const files = courseFiles(NEXT);
    const big = Buffer.concat([files['course.json']!, Buffer.alloc(5 * MiB, 0x20)]);
    return yazlZip(
      signedItems({ ...files, 'course.json': big }, v.publisher).map((i) =>
        i.name === 'course.json' ? { ...i, compress: false } : i,
      ),
    );
  }),
  pkg('course.json nested 1,000 deep', 'course.json is nested too deeply', (v) => {
    const text = courseFiles(NEXT)['course.json']!.toString('utf8').trimEnd();
    return signed(v, {
      ...courseFiles(NEXT),
      'course.json': Buffer.from(`${text.slice(0, -1)}, "x": ${'['.repeat(1000)}${']'.repeat(1000)}}\n`),
    });
  }),
  pkg('course.json that is not UTF-8', 'course.json is not valid UTF-8', (v) => {
    const text = courseFiles(NEXT)['course.json']!.toString('utf8');
    const at = text.indexOf('Kursus Uji');
    const bad = Buffer.concat([
      Buffer.from(text.slice(0, at)),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from(text.slice(at)),
    ]);
    return signed(v, { ...courseFiles(NEXT), 'course.json': bad });
  }),
  pkg('course.json with "__proto__"', 'course.json has a "__proto__" key', (v) => {
    const text = courseFiles(NEXT)['course.json']!.toString('utf8').trimEnd();
    return signed(v, {
      ...courseFiles(NEXT),
      'course.json': Buffer.from(`${text.slice(0, -1)}, "__proto__": {"isAdmin": true}}\n`),
    });
  }),
  pkg(
    'a lesson path in course.json leaving the package',
    /course.json invalid: modules.0.lessons.1.body/,
    (v) =>
      signed(
        v,
        courseFiles(NEXT, (m) => {
          (m.modules as { lessons: { body: string }[] }[])[0]!.lessons[1]!.body = '../../balai.sqlite';
        }),
      ),
  ),
  // Script in lessons and figures.
  pkg('lesson with <script>', 'raw HTML in lessons/02.md', (v) =>
    lesson(v, '<script>fetch("http://contoh.example/")</script>'),
  ),
  pkg('lesson with an onerror handler', 'raw HTML in lessons/02.md', (v) =>
    lesson(v, 'Lihat <img src="x" onerror="alert(1)">'),
  ),
  pkg('lesson with an <a href="javascript:…">', 'raw HTML in lessons/02.md', (v) =>
    lesson(v, '<a href="javascript:alert(1)">klik</a>'),
  ),
  pkg('lesson with a Markdown javascript: link', 'remote or scheme link', (v) =>
    lesson(v, '[klik](javascript:alert(1))'),
  ),
  pkg('lesson with an entity-encoded javascript: link', 'remote or scheme link', (v) =>
    lesson(v, '[klik](jav&#x61;script&colon;alert(1))'),
  ),
  pkg('lesson with a javascript: autolink', 'remote or scheme link', (v) =>
    lesson(v, '<javascript:alert(1)>'),
  ),
  pkg('lesson with a javascript: reference link', 'remote or scheme link', (v) =>
    lesson(v, '[klik][x]\n\n[x]: javascript:alert(1)'),
  ),
  pkg('lesson with a data: image', 'remote or scheme link', (v) =>
    lesson(v, '![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)'),
  ),
  pkg('lesson with a remote image (tracker)', 'remote or scheme link', (v) =>
    lesson(v, '![x](https://contoh.example/p.png)'),
  ),
  pkg('lesson with a malformed %-escape in a link', /link .* in lessons\/02.md/, (v) =>
    lesson(v, '[x](media/%E0%A4%A.png)'),
  ),
  pkg('an unlisted .md file with <script>', 'raw HTML in media/catatan.md', (v) =>
    nextWith(v, 'media/catatan.md', '<script>alert(1)</script>\n'),
  ),
  pkg('lesson that is not UTF-8', 'lessons/02.md is not valid UTF-8', (v) =>
    nextWith(v, 'lessons/02.md', Buffer.from([0x23, 0x20, 0xc3, 0x28, 0xff, 0x0a])),
  ),
  pkg('SVG with <script>', 'media/bagan.svg: script in SVG', (v) =>
    svgWith(v, (s) => s.replace('</svg>', '<script>alert(1)</script></svg>')),
  ),
  pkg('SVG with onload', 'media/bagan.svg: event handler attribute in SVG', (v) =>
    svgWith(v, (s) => s.replace('<svg ', '<svg onload="alert(1)" ')),
  ),
  pkg('SVG animating a link to javascript:', /media\/bagan.svg: .*SVG/, (v) =>
    svgWith(v, (s) =>
      s.replace(
        '</svg>',
        '<a href="#"><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>',
      ),
    ),
  ),
  pkg('SVG loading an outside image', 'media/bagan.svg: link to outside the SVG', (v) =>
    svgWith(v, (s) => s.replace('</svg>', '<image href="https://contoh.example/x.png"/></svg>')),
  ),
  // Files.
  pkg('an image over 10 MiB', 'image media/besar.png is larger than 10485760 bytes', (v) =>
    yazlZip(
      signedItems(
        { ...courseFiles(NEXT), 'media/besar.png': Buffer.concat([PNG, Buffer.alloc(11 * MiB, 0x5a)]) },
        v.publisher,
      ).map((i) => (i.name === 'media/besar.png' ? { ...i, compress: false } : i)),
    ),
  ),
  pkg('a .png that is a program', 'media/foto.png is not really a .png file', (v) =>
    nextWith(v, 'media/foto.png', 'MZ\x90\x00 bukan gambar'),
  ),
  pkg('a file type not allowed (.exe)', 'file type not allowed: media/pasang.exe', (v) =>
    nextWith(v, 'media/pasang.exe', 'MZ\x90\x00'),
  ),
  pkg('an .html file', 'file type not allowed: media/halaman.html', (v) =>
    nextWith(v, 'media/halaman.html', '<script>alert(1)</script>'),
  ),
  // Not a package at all.
  pkg('a truncated package', 'not a readable zip', (v) => v.packages['1.1.0'].subarray(0, 500)),
  pkg('a text file named .balaicourse', 'not a readable zip', () => Buffer.from('bukan paket\n')),
  pkg('a receipt named .balaicourse', 'not a readable zip', (v) => readFileSync(v.receipts.first)),
];

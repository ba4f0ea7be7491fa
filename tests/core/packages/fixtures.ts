/**
 * Builders for course-package tests: a small valid course as a file map, signed zips made with yazl,
 * and a hand-written zip writer for what yazl refuses to write (`..`, absolute paths, backslashes,
 * invalid UTF-8 names, sizes that lie), central directories that claim other sizes, and honest zip bombs.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import yazl from 'yazl';
import { COURSE_SIGNATURE_TYPE, SIGNATURE_FILE } from '../../../main/core/packages/course-package';
import type { Signer } from '../../../main/core/pki/trust';
import { signEnvelope, type FileEntry, type SignedEnvelope } from '../../../main/core/packages/signing';

export const COURSE_ID = 'kursus-uji';

/** A package's files by path (no signature.json). */
export type CourseFiles = Record<string, Buffer>;

/** A 1×1 PNG: a real image, so the content check's magic-byte test passes. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40">
  <rect x="1" y="1" width="98" height="38" fill="#eee" stroke="#333"/>
  <text x="50" y="25" text-anchor="middle">Pendapatan</text>
</svg>
`;

export function manifestFor(version: string): Record<string, unknown> {
  return {
    formatVersion: 1,
    id: COURSE_ID,
    version,
    language: 'id',
    title: 'Kursus Uji',
    description: 'Kursus kecil untuk menguji paket kursus.',
    publisher: 'Penerbit Uji',
    modules: [
      {
        id: 'modul-1',
        title: 'Modul 1',
        lessons: [
          { id: 'pelajaran-1', title: 'Pelajaran 1', body: 'lessons/01.md', minutes: 5 },
          { id: 'pelajaran-2', title: 'Pelajaran 2', body: 'lessons/02.md', minutes: 5 },
        ],
      },
    ],
    questions: [
      {
        id: 'q1',
        kind: 'truefalse',
        prompt: 'APB Desa ditetapkan dengan Peraturan Desa.',
        options: [
          { id: 'benar', text: 'Benar' },
          { id: 'salah', text: 'Salah' },
        ],
        correct: ['benar'],
        explanation: 'APB Desa ditetapkan dengan Perdes (Permendagri 20/2018).',
        lessonId: 'pelajaran-1',
      },
    ],
    quizzes: [{ id: 'latihan', kind: 'practice', title: 'Latihan', draw: 1, passMark: 60, attempts: null }],
  };
}

export const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n');

/** The small valid course at `version`; `edit` may change its manifest. */
export function courseFiles(
  version: string,
  edit: (manifest: Record<string, unknown>) => void = () => {},
): CourseFiles {
  const manifest = manifestFor(version);
  edit(manifest);
  return {
    'course.json': json(manifest),
    'lessons/01.md': Buffer.from(
      `## Pelajaran satu (versi ${version})\n\nAPB Desa punya tiga bagian.\n\n![Bagan](media/bagan.svg)\n\n![Foto](media/foto.png)\n`,
    ),
    'lessons/02.md': Buffer.from('## Pelajaran dua\n\nKepala Desa adalah PKPKD.\n'),
    'media/bagan.svg': Buffer.from(SVG),
    'media/foto.png': PNG,
  };
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function fileList(files: CourseFiles): FileEntry[] {
  return Object.keys(files)
    .sort()
    .map((path) => ({ path, size: files[path]!.length, sha256: sha256(files[path]!) }));
}

/** A signature.json over `files` (or an edited list), as packCourse writes it. */
export function signatureFor(
  files: CourseFiles,
  signer: Signer,
  options: {
    courseId?: string;
    version?: string;
    type?: string;
    list?: (entries: FileEntry[]) => FileEntry[];
  } = {},
): SignedEnvelope {
  const manifest = JSON.parse(files['course.json']?.toString('utf8') ?? '{}') as { version?: string };
  const list = (options.list ?? ((l) => l))(fileList(files));
  return signEnvelope(
    options.type ?? COURSE_SIGNATURE_TYPE,
    {
      courseId: options.courseId ?? COURSE_ID,
      version: options.version ?? manifest.version ?? '0.0.0',
      createdAt: '2026-11-01T00:00:00.000Z',
      files: list,
    },
    signer.key,
    signer.chain,
  );
}

/** One zip entry. `name` may be raw bytes (for invalid UTF-8); `mode` becomes the external attributes. */
export interface ZipItem {
  name: string | Buffer;
  data: Buffer;
  mode?: number;
  compress?: boolean;
  /** Raw writer only: the uncompressed size the headers claim (a lie, for bombs). */
  declaredSize?: number;
}

/** Items for `files` plus a signature.json (pass `signature: null` to leave it out). */
export function signedItems(
  files: CourseFiles,
  signer: Signer,
  signature: SignedEnvelope | null = signatureFor(files, signer),
): ZipItem[] {
  const items: ZipItem[] = Object.keys(files)
    .sort()
    .map((name) => ({ name, data: files[name]! }));
  if (signature) items.push({ name: SIGNATURE_FILE, data: json(signature) });
  return items;
}

/** A zip written by yazl (which refuses `..`, absolute and backslash names). */
export async function yazlZip(items: readonly ZipItem[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const item of items) {
    if (typeof item.name !== 'string') throw new Error('yazl takes string names: use rawZip');
    zip.addBuffer(item.data, item.name, {
      compress: item.compress ?? true,
      mtime: new Date(0),
      mode: item.mode ?? 0o100644,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A zip written byte by byte (APPNOTE 4.3): local headers, central directory, end record. Writes any
 * name and any claimed size, which is the point: these are the packages a careful writer never makes.
 */
export function rawZip(items: readonly ZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const name = typeof item.name === 'string' ? Buffer.from(item.name, 'utf8') : item.name;
    const method = item.compress ? 8 : 0;
    const body = item.compress ? deflateRawSync(item.data) : item.data;
    const size = item.declaredSize ?? item.data.length;
    const crc = crc32(item.data);
    const flags = 0x0800; // names are UTF-8 (or claim to be)
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode in the external attributes counts
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((item.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CENTRAL = 0x02014b50;
const END = 0x06054b50;

function* centralEntries(zip: Buffer): Generator<{ at: number; name: string }> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || zip.readUInt32LE(end) !== END) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error('broken central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    yield { at, name };
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
}

/**
 * A copy of `zip` (from `rawZip`, yazl or anyone) whose central directory says `name` is `sizes` big (compressed and uncompressed), and
 * optionally that it is deflated with this CRC (for an entry stored as raw deflate bytes).
 */
export function claimSizes(
  zip: Buffer,
  name: string,
  sizes: { compressed: number; uncompressed: number; deflatedWithCrc?: number },
): Buffer {
  const copy = Buffer.from(zip);
  for (const entry of centralEntries(copy)) {
    if (entry.name !== name) continue;
    copy.writeUInt32LE(sizes.compressed, entry.at + 20);
    copy.writeUInt32LE(sizes.uncompressed, entry.at + 24);
    if (sizes.deflatedWithCrc !== undefined) {
      const local = copy.readUInt32LE(entry.at + 42);
      for (const [header, method, crc] of [
        [entry.at, 10, 16],
        [local, 8, 14],
      ] as const) {
        copy.writeUInt16LE(8, header + method);
        copy.writeUInt32LE(sizes.deflatedWithCrc, header + crc);
      }
    }
    return copy;
  }
  throw new Error(`no entry ${name}`);
}

/**
 * An honest zip bomb's body: `mib` MiB of zeros as one raw deflate stream (a flushed block repeated, so
 * the zeros are never held), with the CRC-32 of what it inflates to.
 */
export function deflatedZeros(mib: number): { body: Buffer; crc: number; size: number } {
  const zeros = Buffer.alloc(1024 ** 2);
  const block = deflateRawSync(zeros, { finishFlush: constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(zeros, crc);
  return {
    body: Buffer.concat([...Array.from({ length: mib }, () => block), deflateRawSync(Buffer.alloc(0))]),
    crc,
    size: mib * 1024 ** 2,
  };
}

/** Writes a file map into a folder (a course source for packCourse). */
export function writeFolder(dir: string, files: CourseFiles): string {
  for (const [path, data] of Object.entries(files)) {
    const target = join(dir, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  return dir;
}

/** Every file and folder below `dir`: a folder as 'dir', a file as its SHA-256 (byte-for-byte state). */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split('\\').join('/');
    out[path] = entry.isDirectory() ? 'dir' : entry.isFile() ? sha256(readFileSync(full)) : 'other';
  }
  return out;
}

/** The quiz engine's seeded PRNG, so "random" kill moments are the same on every run. */
export { seededRandom } from '../../../main/core/quiz/draw';

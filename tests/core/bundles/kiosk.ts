import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import yazl from 'yazl';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import {
  exportBundle,
  type ExportedBundle,
  type ExportOptions,
  type ExportTarget,
} from '../../../main/core/bundles/export';
import type { Drive } from '../../../main/core/drives/drive';
import { resolveDrive } from '../../../main/core/drives/paths';
import { readZipEntries } from '../../../main/core/packages/unzip';
import { BUNDLE_LIMITS } from '../../../main/core/bundles/format';
import { earnCertificate } from '../../helpers/certified';
import { makeWorld, type World } from '../../helpers/world';

/** A village with learning recorded (lessons, a quiz in progress, one certificate) and a stick plugged in. */
export interface BundleVillage extends World {
  stick: Drive;
}

export async function villageWithResults(dataDir: string): Promise<BundleVillage> {
  const w = await makeWorld(dataDir);
  await earnCertificate(w, w.tokenB);
  const stick = await resolveDrive(w.core.services.drives, w.stickId);
  if (!stick) throw new Error('stick not plugged in');
  return { ...w, stick };
}

/** Exports and fails the test on an error answer. */
export async function mustExport(
  w: BundleVillage,
  target: ExportTarget = w.stick,
  options: ExportOptions = {},
): Promise<ExportedBundle & { file: string }> {
  const result = await exportBundle(w.core.services, target, { actorId: w.operatorId, ...options });
  if (!result.ok)
    throw new Error(`export failed: ${result.error.message} ${JSON.stringify(result.error.details)}`);
  return { ...result.value, file: join(target.mountpoint, ...result.value.path.split('/')) };
}

/** Every file below `root`, relative and `/`-separated, sorted. */
export function filesUnder(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort();
  } catch {
    return [];
  }
}

/** The files of a bundle (or any small zip), by name. */
export async function unzipAll(file: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const read = await readZipEntries(file, BUNDLE_LIMITS, async (name, _size, stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    out.set(name, Buffer.concat(chunks));
  });
  if (!read.ok) throw new Error(read.reason);
  return out;
}

/** Writes a new zip from `files` (in that order), as someone rebuilding a bundle by hand would. */
export async function zipFiles(file: string, files: Map<string, Buffer>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of files) zip.addBuffer(bytes, name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** A copy of `file` with the byte at `offset` changed. */
export function withByteChanged(bytes: Buffer, offset: number, out: string): void {
  const copy = Buffer.from(bytes);
  copy[offset] = copy[offset]! ^ 0x5a;
  writeFileSync(out, copy);
}

/** Learner A reads the second lesson of the fixture course: new statements after an export. */
export async function learnMore(w: BundleVillage): Promise<void> {
  const token = await w.loginAs(w.learnerA, '172839');
  await w.must(token, 'lessons.open', { courseId: 'uji-dasar', lessonId: 'l2' });
  await w.must(token, 'lessons.progress', {
    courseId: 'uji-dasar',
    lessonId: 'l2',
    position: 100,
    completed: true,
  });
}

import { writeFileSync } from 'node:fs';
import { rawZip } from '../core/packages/fixtures';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import { readZipEntries } from '../../main/core/packages/unzip';
import { externalPackage } from './external-content';

/** Every file of a zip (an .h5p, a .balaicourse) by name, in memory, within the package limits. */
export async function zipFilesOf(file: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const read = await readZipEntries(file, DEFAULT_LIMITS, async (name, _size, stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    files.set(name, Buffer.concat(chunks));
  });
  if (!read.ok) throw new Error(read.reason);
  return files;
}

/**
 * Writes an .h5p of our own: the corpus's True/False "hello world" with `edit` applied to its files (add a
 * hostile one, drop a library, change a library.json). Names are written as given (rawZip), `../` included.
 */
export async function writeH5p(file: string, edit: (files: Map<string, Buffer>) => void): Promise<string> {
  const files = await zipFilesOf(externalPackage('h5p', 'h5p-standalone_TrueFalse_hello-world.h5p'));
  edit(files);
  writeFileSync(file, rawZip([...files].map(([name, data]) => ({ name, data, compress: true }))));
  return file;
}

/** An SVG that runs a script when it is opened as a document on the content's origin. */
export const SCRIPTED_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch("/_balai/state")</script></svg>';

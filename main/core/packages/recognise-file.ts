import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { recognisePackage, RECOGNISE_MAX_BYTES, type RecognisedPackage } from '../content/recognise';
import { readOneEntry, zipEntryNames } from './unzip';

/** A package's listing is read only this far to name it (CoursePresentation exports have 1,694 entries). */
const MAX_NAMED_ENTRIES = 20_000;

/**
 * Names the standard of a package file (a zip) or folder with `recognisePackage`, reading at most a few small
 * entries. Undefined when it is neither a readable zip nor a folder. Nothing read here is trusted.
 */
export async function recogniseFile(path: string): Promise<RecognisedPackage | undefined> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return undefined;
  }
  if (isDir) {
    let names: string[];
    try {
      names = readdirSync(path, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .slice(0, MAX_NAMED_ENTRIES)
        .map((e) => relative(path, join(e.parentPath, e.name)).split(sep).join('/'));
    } catch {
      return undefined;
    }
    return recognisePackage(names, (name) => {
      try {
        const file = join(path, ...name.split('/'));
        if (statSync(file).size > RECOGNISE_MAX_BYTES) return Promise.resolve(undefined);
        return Promise.resolve(readFileSync(file, 'utf8'));
      } catch {
        return Promise.resolve(undefined);
      }
    });
  }
  const names = await zipEntryNames(path, MAX_NAMED_ENTRIES);
  if (!names) return undefined;
  return recognisePackage(names, async (name) =>
    (await readOneEntry(path, name, RECOGNISE_MAX_BYTES))?.toString('utf8'),
  );
}

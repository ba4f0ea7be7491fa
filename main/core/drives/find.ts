import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Drive } from './drive';
import { unsafeDrivePathReason } from './paths';

export interface FindOptions {
  /** File name endings to match, case-insensitively (`.balaicourse` also finds `KURSUS.BALAICOURSE`). */
  extensions: readonly string[];
  /** How many folders deep below the drive's root to look: 0 = the root only. Default 3. */
  maxDepth?: number;
  /** Return at most this many matching files. Default 200. */
  maxFiles?: number;
  /** Stop after looking at this many folder entries in all. Default 20,000. */
  maxEntries?: number;
  /** Stop after this long. Default 5 s. */
  timeLimitMs?: number;
  signal?: AbortSignal;
}

export interface FoundFile {
  /** Relative to the drive's root, `/`-separated; pass it to `resolveOnDrive`. */
  readonly path: string;
  readonly sizeBytes: number;
}

export interface FindResult {
  /** Sorted by path. */
  readonly files: FoundFile[];
  /** Why the search stopped early, or null when it looked everywhere it was allowed to. */
  readonly stoppedBy: 'maxFiles' | 'maxEntries' | 'time' | 'aborted' | null;
}

// Folders the system keeps on a stick; never where a person puts a course, often unreadable.
const SKIPPED_FOLDERS = new Set(['system volume information', '$recycle.bin', 'found.000', 'lost+found']);

/**
 * Lists matching files on a drive, breadth first (shallow files are found before a limit stops the
 * search), never following links, skipping hidden and system folders and unreadable ones. Bounded in
 * depth, matches, entries and time, so a stick with a million files answers quickly with what it found.
 * Only paths that `resolveOnDrive` accepts are returned.
 */
export async function findFiles(drive: Pick<Drive, 'mountpoint'>, options: FindOptions): Promise<FindResult> {
  const maxDepth = options.maxDepth ?? 3;
  const maxFiles = options.maxFiles ?? 200;
  const maxEntries = options.maxEntries ?? 20_000;
  const deadline = Date.now() + (options.timeLimitMs ?? 5000);
  const endings = options.extensions.map((e) => e.toLowerCase());
  const files: FoundFile[] = [];
  let entries = 0;
  let stoppedBy: FindResult['stoppedBy'] = null;
  // Each level: relative folder paths ('' is the root).
  let level: string[] = [''];
  search: for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const nextLevel: string[] = [];
    for (const folder of level) {
      let dir;
      try {
        dir = await opendir(join(drive.mountpoint, ...folder.split('/')));
      } catch {
        continue; // unreadable or pulled: skip
      }
      try {
        for await (const entry of dir) {
          if (options.signal?.aborted) stoppedBy = 'aborted';
          else if (Date.now() > deadline) stoppedBy = 'time';
          else if (++entries > maxEntries) stoppedBy = 'maxEntries';
          if (stoppedBy) break search;
          const rel = folder === '' ? entry.name : `${folder}/${entry.name}`;
          if (entry.name.startsWith('.') || unsafeDrivePathReason(rel) !== null) continue;
          if (entry.isDirectory()) {
            if (depth < maxDepth && !SKIPPED_FOLDERS.has(entry.name.toLowerCase())) nextLevel.push(rel);
          } else if (entry.isFile() && endings.some((e) => entry.name.toLowerCase().endsWith(e))) {
            if (files.length >= maxFiles) {
              stoppedBy = 'maxFiles'; // one more than allowed: the list is really cut short
              break search;
            }
            const stat = await lstat(join(drive.mountpoint, ...rel.split('/'))).catch(() => null);
            if (stat?.isFile()) files.push({ path: rel, sizeBytes: stat.size });
          }
          // Links (to files or folders) and anything else are neither followed nor listed.
        }
      } catch {
        // A folder that fails half-way (stick pulled, bad sector): keep what was found.
      }
    }
    level = nextLevel;
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, stoppedBy };
}

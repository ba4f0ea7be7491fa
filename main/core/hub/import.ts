import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import { BUNDLE_EXTENSION } from '../bundles/format';
import type { Drive } from '../drives/drive';
import { findFiles } from '../drives/find';
import { resolveOnDrive } from '../drives/paths';
import { removeStaleIncoming } from './files';
import { loadHub, type HubServices } from './identity';
import { importBundleFile, type BundleOutcome } from './import-bundle';

export type { BundleOutcome };

/** Progress of an import: bundles looked at out of those found, and the one being read. */
export interface ImportProgress {
  done: number;
  total: number;
  path: string | null;
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** The office admin who imports (audit log); null from the CLI. */
  actorId?: string | null;
}

export interface ImportSummary {
  /** One entry per bundle file found, in path order (those after a cancel are not listed). */
  bundles: BundleOutcome[];
  counts: { imported: number; duplicate: number; held: number; refused: number; newStatements: number };
  /** Devices with a bundle imported now or before (duplicates): the receipts to write back onto the same stick. */
  deviceIds: string[];
  cancelled: boolean;
  /** The search stopped early (too many files or folders, or too slow): import again for the rest. */
  incomplete: boolean;
}

/** How deep below the folder (or the stick's root) bundles are looked for: `BalaiBelajar/<desa>/…` and more. */
const MAX_DEPTH = 6;

/**
 * Imports every `.balaibundle` in a folder tree (a stick's mountpoint, or a folder a hub gathered), in path
 * order, one bundle at a time, each in its own transaction: cancelling stops between bundles (or inside the
 * check of one) and never leaves a bundle half-imported. A folder that is one bundle file imports that file.
 * Refusals are outcomes, not errors: the answer lists every file with what became of it.
 */
export async function importBundles(
  services: HubServices,
  source: Pick<Drive, 'mountpoint'>,
  options: ImportOptions = {},
): Promise<Result<ImportSummary>> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  let files: { path: string; file: string }[];
  let incomplete = false;
  try {
    if (statSync(source.mountpoint).isFile()) {
      files = [{ path: basename(source.mountpoint), file: source.mountpoint }];
    } else {
      const found = await findFiles(source, {
        extensions: [BUNDLE_EXTENSION],
        maxDepth: MAX_DEPTH,
        maxFiles: 20_000,
        maxEntries: 200_000,
        timeLimitMs: 120_000,
        signal: options.signal,
      });
      incomplete = found.stoppedBy !== null && found.stoppedBy !== 'aborted';
      files = [];
      for (const f of found.files) {
        const resolved = resolveOnDrive(source, f.path);
        if (resolved.ok) files.push({ path: f.path, file: resolved.path });
      }
    }
  } catch {
    return err('DRIVE_NOT_FOUND', `no folder or file at ${source.mountpoint}`);
  }
  removeStaleIncoming(services.config.dataDir);

  const ctx = { services, keys: keys.value, actorId: options.actorId ?? null, signal: options.signal };
  const bundles: BundleOutcome[] = [];
  let cancelled = false;
  for (const [i, f] of files.entries()) {
    options.onProgress?.({ done: i, total: files.length, path: f.path });
    const outcome = await importBundleFile(ctx, f.file, f.path);
    if (outcome.reason === 'cancelled') {
      cancelled = true;
      break;
    }
    bundles.push(outcome);
  }
  if (options.signal?.aborted) cancelled = true;
  options.onProgress?.({ done: bundles.length, total: files.length, path: null });
  const count = (o: BundleOutcome['outcome']) => bundles.filter((b) => b.outcome === o).length;
  const imported = bundles.filter((b) => b.outcome === 'imported');
  const answered = bundles.filter((b) => b.outcome === 'imported' || b.outcome === 'duplicate');
  return ok({
    bundles,
    counts: {
      imported: imported.length,
      duplicate: count('duplicate'),
      held: count('held'),
      refused: count('refused'),
      newStatements: imported.reduce((n, b) => n + (b.bundle?.newStatements ?? 0), 0),
    },
    deviceIds: [...new Set(answered.flatMap((b) => (b.bundle ? [b.bundle.deviceId] : [])))].sort(),
    cancelled,
    incomplete,
  });
}

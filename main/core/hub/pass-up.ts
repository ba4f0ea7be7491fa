import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { BUNDLE_EXTENSION } from '../bundles/format';
import { bundleBaseName, desaFolder } from '../bundles/names';
import { isoWithOffset } from '../clock';
import { sql } from '../db/sql';
import { isWritable, volumeSpace, type Drive } from '../drives/drive';
import { resolveOnDrive } from '../drives/paths';
import { writeFileDurably } from '../files/fsutil';
import { fileSha256, hubPath } from './files';
import { loadHub, type HubServices } from './identity';
import type { BundleRow } from './store';

export interface PassUpOptions {
  /** Every bundle held, also those passed up before (a lost stick); default: only those not passed up yet. */
  all?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  actorId?: string | null;
}

export interface PassedBundle {
  /** Relative to the stick's root: `BalaiBelajar/<desa>/<desa>-<date>-<seq>.balaibundle`, as the kiosk named it. */
  path: string;
  desaCode: string;
  bundleSeq: number;
  sizeBytes: number;
}

export interface PassUpSummary {
  written: PassedBundle[];
  /** Already on the stick with the same bytes. */
  alreadyThere: number;
  /** The hub's own copy no longer has the bytes it imported (damaged disk): not passed on; see the log. */
  damaged: string[];
  cancelled: boolean;
}

/**
 * Up the chain: writes the original village bundles the hub imported (their files byte for byte, as the
 * kiosks signed them) onto a stick for the next hub (a kecamatan's for its kabupaten), laid out as the kiosks
 * lay them out, so the next hub imports and verifies them exactly as if the villages had brought them. Each
 * file is written via temp file, fsync and rename and read back; only then is it marked passed up.
 */
export async function passUp(
  services: HubServices,
  target: Pick<Drive, 'mountpoint'>,
  options: PassUpOptions = {},
): Promise<Result<PassUpSummary>> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  const { db, clock, config, log } = services;
  if (!isWritable(target.mountpoint))
    return err('CONFLICT', 'the drive cannot be written (read-only, or not there)', { reason: 'read_only' });
  const rows = db.all<BundleRow>(
    sql`SELECT * FROM hub_bundles ${options.all ? sql`` : sql`WHERE passed_up_at IS NULL`}
        ORDER BY desa_code, device_id, bundle_seq`,
  );
  const needed = rows.reduce((n, r) => n + r.size_bytes, 0);
  const free = volumeSpace(target.mountpoint).freeBytes;
  if (free !== null && free < needed)
    return err('CONFLICT', 'the drive does not have enough free space for the bundles', {
      reason: 'no_space',
      neededBytes: needed,
      freeBytes: free,
    });

  const summary: PassUpSummary = { written: [], alreadyThere: 0, damaged: [], cancelled: false };
  for (const [i, row] of rows.entries()) {
    if (options.signal?.aborted) {
      summary.cancelled = true;
      break;
    }
    options.onProgress?.(i, rows.length);
    const source = hubPath(config.dataDir, row.file_name);
    let bytes: Buffer;
    try {
      bytes = readFileSync(source);
    } catch (error) {
      log.error('kept bundle missing', { file: source, error: String(error) });
      summary.damaged.push(row.file_name);
      continue;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== row.file_sha256) {
      log.error('kept bundle changed on disk; not passed up', { file: source });
      summary.damaged.push(row.file_name);
      continue;
    }
    const base = `${desaFolder(row.desa_code)}/${bundleBaseName(row.desa_name, row.created_at, row.bundle_seq)}`;
    let rel = `${base}${BUNDLE_EXTENSION}`;
    let resolved = resolveOnDrive(target, rel);
    if (!resolved.ok) return err('CONFLICT', `cannot write ${rel} on the drive: ${resolved.reason}`);
    if (existsSync(resolved.path)) {
      if ((await fileSha256(resolved.path)) === row.file_sha256) {
        summary.alreadyThere++;
        markPassed(services, row.sha256);
        continue;
      }
      // Another bundle under the same name (another kiosk of the desa): this one gets its hash in the name.
      rel = `${base}-${row.sha256.slice(0, 8)}${BUNDLE_EXTENSION}`;
      resolved = resolveOnDrive(target, rel);
      if (!resolved.ok) return err('CONFLICT', `cannot write ${rel} on the drive: ${resolved.reason}`);
    }
    try {
      mkdirSync(dirname(resolved.path), { recursive: true });
      writeFileDurably(resolved.path, bytes);
      if ((await fileSha256(resolved.path)) !== row.file_sha256) throw new Error('read back differs');
    } catch (error) {
      log.warn('pass-up write failed', { path: rel, error: String(error) });
      return err(
        'CONFLICT',
        `could not write ${rel} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        {
          reason: 'write_failed',
          written: summary.written.length,
        },
      );
    }
    markPassed(services, row.sha256);
    summary.written.push({
      path: rel,
      desaCode: row.desa_code,
      bundleSeq: row.bundle_seq,
      sizeBytes: row.size_bytes,
    });
  }
  options.onProgress?.(rows.length, rows.length);
  audit(db, clock, {
    actorId: options.actorId ?? null,
    action: 'hub.pass_up',
    details: {
      written: summary.written.length,
      alreadyThere: summary.alreadyThere,
      damaged: summary.damaged.length,
    },
  });
  return ok(summary);
}

function markPassed(services: HubServices, sha256: string): void {
  const now = isoWithOffset(services.clock.now());
  services.db.run(sql`UPDATE hub_bundles SET passed_up_at = ${now} WHERE sha256 = ${sha256}`);
}

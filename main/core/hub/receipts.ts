import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { buildReceipt, receiptBytes, receiptPath } from '../bundles/receipt';
import { isoWithOffset } from '../clock';
import type { Drive } from '../drives/drive';
import { isWritable } from '../drives/drive';
import { resolveOnDrive } from '../drives/paths';
import { writeFileDurably } from '../files/fsutil';
import { signedEnvelopeSchema, type SignedEnvelope } from '../packages/signing';
import { sql } from '../db/sql';
import type { Certificate, RevocationList } from '../pki/format';
import { chainForReceipts } from './certificate';
import { loadHub, type HubKeys, type HubServices } from './identity';
import { bundlesOfDevice, type DeviceRow } from './store';

/** A receipt written onto a stick. */
export interface WrittenReceipt {
  deviceId: string;
  desaCode: string;
  desaName: string;
  /** Relative to the stick's root: where the kiosk looks (`BalaiBelajar/<desa>/tanda-terima/…`). */
  path: string;
  receiptId: string;
  statements: number;
  bundles: number;
}

export interface ReceiptOptions {
  /** Only these kiosks (e.g. those whose bundles were on this stick); default: every enrolled kiosk. */
  deviceIds?: readonly string[];
  /** Only kiosks of these desa. */
  desaCodes?: readonly string[];
  actorId?: string | null;
}

/**
 * The statements of a device to acknowledge: one per sequence number. Were a kiosk restored from an old backup
 * to record different statements under numbers already used, the newest import of each number is the one
 * the kiosk now holds (the older one stays stored, but is not listed).
 */
function heldStatements(services: HubServices, deviceId: string): { seq: number; id: string }[] {
  return services.db.all<{ seq: number; id: string }>(
    sql`SELECT seq, id FROM hub_statements WHERE rowid IN (
          SELECT MAX(rowid) FROM hub_statements WHERE device_id = ${deviceId} GROUP BY seq)
        ORDER BY seq`,
  );
}

/** The enrolment the hub signed for a device, as stored; null (and a log line) if it cannot be read. */
function storedEnrolment(services: HubServices, device: DeviceRow): SignedEnvelope | null {
  let json: unknown;
  try {
    json = JSON.parse(device.enrolment);
  } catch {
    json = null;
  }
  const parsed = signedEnvelopeSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  services.log.error('stored enrolment unreadable; receipt goes without it', { deviceId: device.device_id });
  return null;
}

/** What a receipt carries besides the hub's own word: its certificate chain and the revocation lists it holds. */
export interface ReceiptTrust {
  chain: Certificate[] | null;
  revocations: readonly RevocationList[];
}

/**
 * Builds and signs the receipt for one enrolled device: everything held from it, with its enrolment, the
 * hub's certificate chain and its revocation lists.
 */
export function receiptFor(
  services: HubServices,
  keys: HubKeys,
  device: DeviceRow,
  issuedAt: string,
  trust: ReceiptTrust,
) {
  const bundles = bundlesOfDevice(services.db, device.device_id);
  const latest = bundles.reduce((a, b) => (b.bundle_seq >= a.bundle_seq ? b : a), bundles[0]!);
  const receivedAt = bundles
    .map((b) => b.imported_at)
    .sort()
    .at(-1)!;
  const statements = heldStatements(services, device.device_id);
  const receiptId = randomUUID();
  const envelope = buildReceipt({
    receiptId,
    hub: keys.signer,
    deviceId: device.device_id,
    desaCode: device.desa_code,
    statements,
    bundles: [
      ...new Map(bundles.map((b) => [b.sha256, { bundleSeq: b.bundle_seq, sha256: b.sha256 }])).values(),
    ],
    receivedAt,
    issuedAt,
    enrolment: storedEnrolment(services, device),
    chain: trust.chain,
    revocations: trust.revocations,
  });
  return {
    envelope,
    receiptId,
    path: receiptPath(device.desa_code, latest.desa_name, device.device_id, issuedAt, latest.bundle_seq),
    desaName: latest.desa_name,
    statements: statements.length,
    bundles: bundles.length,
  };
}

/**
 * Writes a signed receipt (receipt.ts, docs/formats/receipt.md) for each chosen kiosk onto a stick, where the
 * kiosk looks for it: every statement the hub holds from it, the bundles, and the hub's enrolment of its key.
 * Each file is written via a temp file, fsync and rename. Kiosks with nothing imported are skipped.
 */
export function writeReceipts(
  services: HubServices,
  target: Pick<Drive, 'mountpoint'>,
  options: ReceiptOptions = {},
): Result<{ receipts: WrittenReceipt[]; certified: boolean }> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  if (!isWritable(target.mountpoint))
    return err('CONFLICT', 'the drive cannot be written (read-only, or not there)', { reason: 'read_only' });
  const only = options.deviceIds ? new Set(options.deviceIds) : null;
  const desa = options.desaCodes ? new Set(options.desaCodes) : null;
  const devices = services.db
    .all<DeviceRow>(
      sql`SELECT * FROM hub_devices d WHERE EXISTS (SELECT 1 FROM hub_bundles b WHERE b.device_id = d.device_id)
          ORDER BY desa_code, device_id`,
    )
    .filter((d) => (!only || only.has(d.device_id)) && (!desa || desa.has(d.desa_code)));
  const issuedAt = isoWithOffset(services.clock.now());
  const now = services.trust();
  const trust: ReceiptTrust = { chain: chainForReceipts(services, now), revocations: now.revocations };
  const receipts: WrittenReceipt[] = [];
  for (const device of devices) {
    const made = receiptFor(services, keys.value, device, issuedAt, trust);
    const resolved = resolveOnDrive(target, made.path);
    if (!resolved.ok) return err('CONFLICT', `cannot write ${made.path} on the drive: ${resolved.reason}`);
    try {
      mkdirSync(dirname(resolved.path), { recursive: true });
      writeFileDurably(resolved.path, receiptBytes(made.envelope));
    } catch (error) {
      services.log.warn('receipt not written', { path: made.path, error: String(error) });
      return err(
        'CONFLICT',
        `could not write ${made.path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          reason: 'write_failed',
          written: receipts.length,
        },
      );
    }
    receipts.push({
      deviceId: device.device_id,
      desaCode: device.desa_code,
      desaName: made.desaName,
      path: made.path,
      receiptId: made.receiptId,
      statements: made.statements,
      bundles: made.bundles,
    });
  }
  audit(services.db, services.clock, {
    actorId: options.actorId ?? null,
    action: 'hub.receipts',
    details: { receipts: receipts.length, certified: trust.chain !== null },
  });
  return ok({ receipts, certified: trust.chain !== null });
}

import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { HubCertificateView } from '../../api/hub';
import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { isoWithOffset } from '../clock';
import { sql } from '../db/sql';
import type { Drive } from '../drives/drive';
import { isWritable } from '../drives/drive';
import { resolveOnDrive } from '../drives/paths';
import { writeFileDurably } from '../files/fsutil';
import { parseJsonLimited } from '../packages/canonical';
import { verifyChain, type ChainOptions, type ChainRefusal } from '../pki/chain';
import { certificateSchema, type Certificate } from '../pki/format';
import { makeRequest } from '../pki/issue';
import { readStickRevocations } from '../pki/store';
import { scopeCovers } from '../pki/scope';
import { loadHub, requireHub, type HubServices } from './identity';

/**
 * The hub's certificate (issue 16): at set-up the hub writes a certificate request for its key onto a stick;
 * the issuer (the centre, or the provinsi/kabupaten above) runs `balai pki issue` on its offline machine and
 * the hub imports the chain it gets back. Receipts carry that chain; kiosks refuse receipts without one.
 */

/** What the chain is checked against: the roots the app ships, the revocation lists held, the time. */
export type TrustInputs = Pick<ChainOptions, 'roots' | 'revocations' | 'now'>;

/** Requests and certificates travel in `BalaiBelajar/sertifikat/` on the stick. */
export const CERTIFICATE_FOLDER = 'BalaiBelajar/sertifikat';
/** An expiry this close is warned about on the hub's screens. */
export const EXPIRY_WARNING_DAYS = 60;
const MAX_CERTIFICATE_FILE_BYTES = 64 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate file as `balai pki issue` may give it: the chain, `{ chain }`, or one certificate a root signed. */
const chainFileSchema = z.union([
  z.array(z.unknown()).min(1).max(5),
  z.looseObject({ chain: z.array(z.unknown()).min(1).max(5) }).transform((f) => f.chain),
  certificateSchema.transform((c) => [c]),
]);

interface ChainRow {
  chain: string;
  serial: string;
  scope: string;
  level: string;
  name: string;
  not_after: string;
  imported_at: string;
}

/** The stored chain as certificates (null when there is none, or it cannot be read). */
function storedChain(services: Pick<HubServices, 'db'>): Certificate[] | null {
  const row = services.db.get<ChainRow>(sql`SELECT * FROM hub_chain WHERE id = 1`);
  if (!row) return null;
  try {
    const parsed = z.array(certificateSchema).safeParse(JSON.parse(row.chain));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The request file's name: `permintaan-hub-<region with _>-<key id>.json`. */
export function requestFileName(regionCode: string, keyId: string): string {
  return `permintaan-hub-${regionCode.replaceAll('.', '_')}-${keyId}.json`;
}

/**
 * Writes this hub's certificate request (its public key, level, region and office name, signed with the hub
 * key to prove it holds it) onto a stick, for the issuer's offline machine.
 */
export function writeCertificateRequest(
  services: HubServices,
  target: Pick<Drive, 'mountpoint'>,
  options: { actorId?: string | null } = {},
): Result<{ path: string; keyId: string; regionCode: string; level: string; name: string }> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  const { hub, signer } = keys.value;
  if (!isWritable(target.mountpoint))
    return err('CONFLICT', 'the drive cannot be written (read-only, or not there)', { reason: 'read_only' });
  const request = makeRequest(
    { role: 'hub', region: hub.region_code, name: hub.name, created: services.clock.now() },
    signer.key,
  );
  const path = `${CERTIFICATE_FOLDER}/${requestFileName(hub.region_code, hub.key_id)}`;
  const resolved = resolveOnDrive(target, path);
  if (!resolved.ok) return err('CONFLICT', `cannot write ${path} on the drive: ${resolved.reason}`);
  try {
    mkdirSync(dirname(resolved.path), { recursive: true });
    writeFileDurably(resolved.path, Buffer.from(JSON.stringify(request, null, 2) + '\n'));
  } catch (error) {
    return err('CONFLICT', `could not write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      reason: 'write_failed',
    });
  }
  audit(services.db, services.clock, {
    actorId: options.actorId ?? null,
    action: 'hub.cert_request',
    details: { keyId: hub.key_id, regionCode: hub.region_code },
  });
  return ok({
    path,
    keyId: hub.key_id,
    regionCode: hub.region_code,
    level: hub.region_level,
    name: hub.name,
  });
}

/** Why a certificate is not this hub's to import (`details.reason`), beside the chain's own refusals. */
export type CertificateImportRefusal = 'not_a_certificate' | 'other_key' | 'other_region' | ChainRefusal;

/**
 * Imports a certificate chain for this hub: it must reach a shipped root (checked by main/core/pki), be for
 * a hub, certify exactly this hub's key, and cover the hub's region. A newer chain replaces the old one.
 */
export function importHubCertificate(
  services: HubServices,
  trust: TrustInputs,
  value: unknown,
  options: { actorId?: string | null } = {},
): Result<HubCertificateView> {
  const hub = requireHub(services.db);
  if (!hub.ok) return hub;
  const refuse = (reason: CertificateImportRefusal, message: string) =>
    err('INVALID_CONTENT', message, { reason });
  const file = chainFileSchema.safeParse(value);
  if (!file.success) return refuse('not_a_certificate', 'this is not a certificate or certificate chain');
  const checked = verifyChain(file.data, { ...trust, role: 'hub' });
  if (!checked.ok) return refuse(checked.code, `the certificate is refused: ${checked.reason}`);
  if (checked.signerPublicKey !== hub.value.public_key)
    return refuse(
      'other_key',
      `the certificate is for key ${checked.signerKeyId}, not this hub's ${hub.value.key_id}`,
    );
  if (!scopeCovers(checked.leaf.scope, hub.value.region_code))
    return refuse(
      'other_region',
      `the certificate covers "${checked.leaf.scope || 'national'}", not this hub's region ${hub.value.region_code}`,
    );
  const chain = z.array(certificateSchema).parse(file.data);
  const leaf = checked.leaf;
  services.db.transaction(() => {
    services.db.run(sql`INSERT INTO hub_chain (id, chain, serial, scope, level, name, not_after, imported_at)
                        VALUES (1, ${JSON.stringify(chain)}, ${leaf.serial}, ${leaf.scope}, ${leaf.level}, ${leaf.name},
                                ${leaf.notAfter}, ${isoWithOffset(services.clock.now())})
                        ON CONFLICT (id) DO UPDATE SET chain = excluded.chain, serial = excluded.serial,
                          scope = excluded.scope, level = excluded.level, name = excluded.name,
                          not_after = excluded.not_after, imported_at = excluded.imported_at`);
    audit(services.db, services.clock, {
      actorId: options.actorId ?? null,
      action: 'hub.cert_import',
      details: { serial: leaf.serial, scope: leaf.scope, notAfter: leaf.notAfter },
    });
  });
  services.log.info('hub certificate imported', { serial: leaf.serial, scope: leaf.scope });
  return ok(hubCertificate(services, trust));
}

/** Reads a certificate file (bounded) and imports it. */
export function importHubCertificateFile(
  services: HubServices,
  trust: TrustInputs,
  file: string,
  options: { actorId?: string | null } = {},
): Result<HubCertificateView> {
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile() || statSync(file).size > MAX_CERTIFICATE_FILE_BYTES)
      return err('INVALID_CONTENT', `${file} is not a certificate file`, { reason: 'not_a_certificate' });
    bytes = readFileSync(file);
  } catch {
    return err('NOT_FOUND', `cannot read ${file}`);
  }
  const json = parseJsonLimited(bytes, 'the certificate', {
    maxBytes: MAX_CERTIFICATE_FILE_BYTES,
    maxDepth: 12,
  });
  if (!json.ok) return err('INVALID_CONTENT', json.reason, { reason: 'not_a_certificate' });
  return importHubCertificate(services, trust, json.value, options);
}

/**
 * Takes in the revocation lists on the stick (`BalaiBelajar/pencabutan/`, each the newest of its issuer), then
 * looks in its `BalaiBelajar/sertifikat/` for certificate files and imports the first that is this hub's
 * (request files and other hubs' certificates are passed over). `NOT_FOUND` when none is.
 */
export function importHubCertificateFromDrive(
  services: HubServices,
  drive: Pick<Drive, 'mountpoint'>,
  options: { actorId?: string | null } = {},
): Result<HubCertificateView> {
  const before = services.trust();
  readStickRevocations(services.db, drive.mountpoint, { roots: before.roots, now: before.now });
  const trust = services.trust();
  const folder = resolveOnDrive(drive, CERTIFICATE_FOLDER);
  let names: string[] = [];
  if (folder.ok)
    try {
      names = readdirSync(folder.path)
        .filter((n) => n.toLowerCase().endsWith('.json') && !n.startsWith('permintaan-'))
        .sort()
        .slice(0, 100);
    } catch {
      names = [];
    }
  let last: Result<HubCertificateView> | null = null;
  for (const name of names) {
    const done = importHubCertificateFile(services, trust, join(folder.ok ? folder.path : '', name), options);
    if (done.ok) return done;
    // Another hub's certificate on a shared stick is no reason to stop; a refusal of this hub's is kept.
    if (done.error.details?.reason !== 'other_key' && done.error.details?.reason !== 'not_a_certificate')
      last = done;
  }
  return (
    last ??
    err('NOT_FOUND', `no certificate for this hub in ${CERTIFICATE_FOLDER} on the stick`, {
      reason: 'none_on_stick',
    })
  );
}

/**
 * The hub's certificate as its screens show it: each certificate of the chain, the expiry and the days left
 * (warned about within 60 days), and whether the chain still holds today (expired, revoked since).
 */
export function hubCertificate(services: Pick<HubServices, 'db'>, trust: TrustInputs): HubCertificateView {
  const hub = requireHub(services.db);
  const chain = storedChain(services);
  if (!hub.ok || !chain)
    return {
      certified: false,
      chain: [],
      notAfter: null,
      daysLeft: null,
      expiresSoon: false,
      problem: null,
      development: false,
    };
  const checked = verifyChain(chain, { ...trust, role: 'hub', scopeMustCover: hub.value.region_code });
  const bodies = chain.map(
    (c) => c.signed as { name: string; scope: string; level: string; serial: string; notAfter: string },
  );
  const notAfter = bodies.at(-1)!.notAfter;
  // The chain is as old as its shortest-lived certificate.
  const earliest = bodies.map((b) => b.notAfter).sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
  const daysLeft = Math.floor((Date.parse(earliest) - trust.now.getTime()) / DAY_MS);
  return {
    certified: checked.ok,
    chain: bodies.map((b, i) => ({
      name: b.name,
      scope: b.scope,
      level: b.level,
      serial: b.serial,
      notAfter: b.notAfter,
      issuerKeyId: chain[i]!.keyId,
    })),
    notAfter,
    daysLeft,
    expiresSoon: checked.ok && daysLeft < EXPIRY_WARNING_DAYS,
    problem: checked.ok ? null : checked.code,
    development: checked.ok && checked.development,
  };
}

/** The chain receipts carry: the stored one while it still holds today, else none (the receipt is uncertified). */
export function chainForReceipts(services: HubServices, trust: TrustInputs): Certificate[] | null {
  const hub = requireHub(services.db);
  const chain = storedChain(services);
  if (!hub.ok || !chain) return null;
  const checked = verifyChain(chain, { ...trust, role: 'hub', scopeMustCover: hub.value.region_code });
  if (!checked.ok) {
    services.log.warn('hub certificate no longer holds; receipts go uncertified', { reason: checked.reason });
    return null;
  }
  return chain;
}

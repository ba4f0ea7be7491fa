import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from '../context';
import { publicKeyRaw } from '../crypto/keys';
import { keyIdOf, type PrivateKeyFile } from '../packages/keys';
import { signEnvelope, signedEnvelopeSchema, type SignedEnvelope } from '../packages/signing';
import type { KioskRow } from '../setup/kiosk';
import { DEVICE_KEY_FILE } from '../setup/setup';
import { collectCertificates, collectRoster, collectStatements, type CollectedStatements } from './collect';
import {
  BUNDLE_FILES,
  BUNDLE_SIGNATURE_TYPE,
  type BundleCertificates,
  type BundleManifest,
  type BundleRoster,
} from './format';
import { bundleHash } from './verify';
import { lastExport, maxSeq, pendingTotals, pinnedHub } from './store';

/** A bundle made in memory, ready to be zipped: its manifest, the signature envelope and the files. */
export interface BuiltBundle {
  manifest: BundleManifest;
  envelope: SignedEnvelope;
  bundleSha256: string;
  /** In zip order; each file as chunks of bytes. */
  entries: { name: string; chunks: Buffer[]; size: number }[];
  /** Sum of the files' sizes (an upper bound of the zip's size, plus a little per entry). */
  totalBytes: number;
  statements: CollectedStatements;
  roster: BundleRoster;
  certificates: BundleCertificates;
}

/** The kiosk's device key as a signing key file; refuses when it is not the key the kiosk row names. */
export function deviceSigningKey(services: Services, kiosk: KioskRow): PrivateKeyFile {
  const privateKeyPem = readFileSync(join(services.config.dataDir, DEVICE_KEY_FILE), 'utf8');
  const publicKey = publicKeyRaw(
    createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString(),
  );
  if (publicKey !== kiosk.public_key)
    throw new Error(`${DEVICE_KEY_FILE} is not the device key this kiosk was set up with`);
  return {
    formatVersion: 1,
    type: 'balai-ed25519-private-key',
    keyId: keyIdOf(publicKey),
    name: `device ${kiosk.device_id}`,
    publicKey,
    privateKeyPem,
  };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');

/**
 * Gathers everything not yet covered by a receipt (statements up to the highest recorded now), the roster
 * (sealed once a hub is pinned) and the certificate index, and signs the manifest with the device key.
 */
export async function buildBundle(
  services: Services,
  kiosk: KioskRow,
  key: PrivateKeyFile,
  createdAt: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<BuiltBundle> {
  const { db } = services;
  const upTo = maxSeq(db);
  const previous = lastExport(db);
  const hub = pinnedHub(db);
  const expected = pendingTotals(db, upTo).count;
  options.onProgress?.(0, expected);
  const statements = await collectStatements(db, upTo, {
    signal: options.signal,
    onProgress: (done) => options.onProgress?.(done, expected),
  });
  const roster = collectRoster(db, kiosk.device_id, hub);
  const certificates = collectCertificates(db);
  const rosterBytes = json(roster);
  const certificateBytes = json(certificates);
  const sha = (b: Buffer) => ({ size: b.length, sha256: hashOf(b) });
  const enrolment = hub?.enrolment ? signedEnvelopeSchema.parse(JSON.parse(hub.enrolment)) : null;

  const manifest: BundleManifest = {
    formatVersion: 1,
    deviceId: kiosk.device_id,
    devicePublicKey: kiosk.public_key,
    desaCode: kiosk.desa_code,
    desaName: kiosk.desa_name,
    appVersion: services.config.appVersion,
    bundleSeq: (previous?.bundle_seq ?? 0) + 1,
    createdAt,
    statements: {
      fromSeq: statements.ranges[0]?.from ?? null,
      toSeq: statements.ranges.at(-1)?.to ?? null,
      ranges: statements.ranges,
      firstAt: statements.firstAt,
      lastAt: statements.lastAt,
    },
    counts: {
      statements: statements.count,
      learners: roster.learners.length,
      certificates: certificates.certificates.length,
    },
    roster: { personalData: roster.personalData, hubKeyId: roster.sealing?.hubKeyId ?? null },
    files: [
      { path: BUNDLE_FILES.statements, size: statements.size, sha256: statements.sha256 },
      { path: BUNDLE_FILES.roster, ...sha(rosterBytes) },
      { path: BUNDLE_FILES.certificates, ...sha(certificateBytes) },
    ],
    previousBundle: previous ? { bundleSeq: previous.bundle_seq, sha256: previous.manifest_sha256 } : null,
    enrolment,
  };
  const envelope = signEnvelope(BUNDLE_SIGNATURE_TYPE, manifest, key);
  const entries = [
    { name: BUNDLE_FILES.manifest, chunks: [json(manifest)] },
    { name: BUNDLE_FILES.statements, chunks: statements.chunks },
    { name: BUNDLE_FILES.roster, chunks: [rosterBytes] },
    { name: BUNDLE_FILES.certificates, chunks: [certificateBytes] },
    { name: BUNDLE_FILES.signature, chunks: [json(envelope)] },
  ].map((e) => ({ ...e, size: e.chunks.reduce((n, c) => n + c.length, 0) }));
  return {
    manifest,
    envelope,
    bundleSha256: bundleHash(manifest),
    entries,
    totalBytes: entries.reduce((n, e) => n + e.size, 0),
    statements,
    roster,
    certificates,
  };
}

function hashOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

import { createHash, randomUUID } from 'node:crypto';
import type { ReceiptRefusal } from '../../api/transfer';
import { publicKeyFromRaw, verifyEd25519 } from '../crypto/keys';
import { canonicalBytes, parseJsonLimited } from '../packages/canonical';
import { keyIdOf, type PrivateKeyFile } from '../packages/keys';
import { signedEnvelopeSchema, signEnvelope, type SignedEnvelope } from '../packages/signing';
import {
  ENROLMENT_SIGNATURE_TYPE,
  enrolmentSchema,
  MAX_RECEIPT_BYTES,
  RECEIPT_EXTENSION,
  RECEIPT_SIGNATURE_TYPE,
  receiptSchema,
  type EnrolmentRecord,
  type HeldRange,
  type HubIdentity,
  type Receipt,
} from './format';
import type { Certificate, RevocationList } from '../pki/format';
import { bundleBaseName, desaFolder } from './names';
import { hubEncryptionKey } from './sealing';

/**
 * Receipts (`.balaireceipt`, docs/formats/receipt.md): what a hub holds for one device, signed by the hub's
 * key. The builder is here so the hub (a later issue) and the tests make receipts the one way; the kiosk
 * reads them with `parseReceipt` and applies them in apply.ts.
 */

/** A hub as it signs: its Ed25519 key file and who it is. */
export interface HubSigner {
  key: PrivateKeyFile;
  id: string;
  name: string;
  regionCode: string;
}

/** The hub's public identity as receipts carry it (with the X25519 key derived from its signing key). */
export function hubIdentity(hub: HubSigner): HubIdentity {
  return {
    id: hub.id,
    name: hub.name,
    regionCode: hub.regionCode,
    publicKey: hub.key.publicKey,
    encryptionKey: hubEncryptionKey(hub.key).publicKey,
  };
}

/** SHA-256 over `<seq>:<id>\n` for each statement, in seq order: both sides compute it the same way. */
export function rangeDigest(statements: readonly { seq: number; id: string }[]): string {
  const hash = createHash('sha256');
  for (const s of statements) hash.update(`${s.seq}:${s.id}\n`, 'utf8');
  return hash.digest('hex');
}

/** The runs of consecutive sequence numbers in `statements` (any order, no repeats), each with its digest. */
export function heldRanges(statements: readonly { seq: number; id: string }[]): HeldRange[] {
  const sorted = [...statements].sort((a, b) => a.seq - b.seq);
  const runs: { seq: number; id: string }[][] = [];
  for (const s of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1)!.seq === s.seq) throw new Error(`statement ${s.seq} is listed twice`);
    if (run && run.at(-1)!.seq === s.seq - 1) run.push(s);
    else runs.push([s]);
  }
  return runs.map((run) => ({
    from: run[0]!.seq,
    to: run.at(-1)!.seq,
    count: run.length,
    sha256: rangeDigest(run),
  }));
}

/** The hub's enrolment of a kiosk's device key: a `balai-enrolment` envelope by the hub key. */
export function makeEnrolment(
  hub: HubSigner,
  device: { deviceId: string; desaCode: string; devicePublicKey: string },
  enrolledAt: string,
): SignedEnvelope {
  const record: EnrolmentRecord = {
    formatVersion: 1,
    deviceId: device.deviceId,
    desaCode: device.desaCode,
    devicePublicKey: device.devicePublicKey,
    hubId: hub.id,
    hubName: hub.name,
    hubKeyId: hub.key.keyId,
    hubPublicKey: hub.key.publicKey,
    enrolledAt,
  };
  return signEnvelope(ENROLMENT_SIGNATURE_TYPE, record, hub.key);
}

export interface ReceiptInput {
  hub: HubSigner;
  deviceId: string;
  desaCode: string;
  /** Every statement of the device the hub holds (from all its bundles). */
  statements: readonly { seq: number; id: string }[];
  /** The bundles imported, by sequence and manifest hash. */
  bundles: readonly { bundleSeq: number; sha256: string }[];
  receivedAt: string;
  issuedAt: string;
  /** The enrolment to hand back (the first receipt for a device; later ones may repeat it). */
  enrolment?: SignedEnvelope | null;
  receiptId?: string;
  /** The hub's certificate chain (main/core/pki); without one the receipt is uncertified and kiosks refuse it. */
  chain?: readonly Certificate[] | null;
  /** The newest revocation lists the hub holds, passed on to the kiosk. */
  revocations?: readonly RevocationList[];
}

/** Builds and signs a version 2 receipt (the envelope as written into the `.balaireceipt` file). */
export function buildReceipt(input: ReceiptInput): SignedEnvelope {
  const receipt: Receipt = {
    formatVersion: 2,
    receiptId: input.receiptId ?? randomUUID(),
    hub: hubIdentity(input.hub),
    deviceId: input.deviceId,
    desaCode: input.desaCode,
    statements: heldRanges(input.statements),
    bundles: [...input.bundles].sort((a, b) => a.bundleSeq - b.bundleSeq),
    receivedAt: input.receivedAt,
    issuedAt: input.issuedAt,
    enrolment: input.enrolment ?? null,
    revocations: [...(input.revocations ?? [])],
  };
  const parsed = receiptSchema.parse(receipt);
  return signEnvelope(RECEIPT_SIGNATURE_TYPE, parsed, input.hub.key, input.chain ?? undefined);
}

/** The receipt file's bytes: pretty JSON, one trailing newline. */
export function receiptBytes(envelope: SignedEnvelope): Buffer {
  return Buffer.from(JSON.stringify(envelope, null, 2) + '\n', 'utf8');
}

/**
 * Where a hub writes a receipt on the stick, relative to its root, one file per kiosk:
 * `BalaiBelajar/33_02_05_2001/tanda-terima/Adisana-20261102-0003-<device id>.balaireceipt` (the bundle it
 * answers, and the kiosk it is for: two kiosks of one desa have bundles of the same number on the same day).
 */
export function receiptPath(
  desaCode: string,
  desaName: string,
  deviceId: string,
  issuedAt: string,
  bundleSeq: number,
): string {
  // A device id is a UUID; anything else is cut down to what a FAT32 name takes.
  const device =
    deviceId
      .toLowerCase()
      .replace(/[^0-9a-z-]/g, '')
      .slice(0, 36) || 'perangkat';
  return `${desaFolder(desaCode)}/tanda-terima/${bundleBaseName(desaName, issuedAt, bundleSeq)}-${device}${RECEIPT_EXTENSION}`;
}

/** Why a receipt is refused; the CLI and the UI say each in Indonesian. */
export type { ReceiptRefusal };

export type ParsedReceipt =
  | { ok: true; envelope: SignedEnvelope; receipt: Receipt }
  | { ok: false; refusal: ReceiptRefusal; reason: string };

/**
 * Reads a receipt and checks it is well-formed and signed by the hub key it names (nothing about this kiosk
 * yet: apply.ts checks the device, the pinned hub and the bundles).
 */
export function parseReceipt(bytes: Buffer): ParsedReceipt {
  const json = parseJsonLimited(bytes, 'the receipt', { maxBytes: MAX_RECEIPT_BYTES, maxDepth: 16 });
  if (!json.ok) return { ok: false, refusal: 'unreadable', reason: json.reason };
  const envelope = signedEnvelopeSchema.safeParse(json.value);
  if (!envelope.success) return { ok: false, refusal: 'malformed', reason: 'not a signed receipt' };
  if (envelope.data.type !== RECEIPT_SIGNATURE_TYPE)
    return {
      ok: false,
      refusal: 'malformed',
      reason: `this is a ${envelope.data.type}, not a ${RECEIPT_SIGNATURE_TYPE}`,
    };
  const receipt = receiptSchema.safeParse(envelope.data.signed);
  if (!receipt.success)
    return { ok: false, refusal: 'malformed', reason: 'the receipt has an unknown shape' };
  const bad = signatureProblem(envelope.data, receipt.data.hub.publicKey);
  if (bad) return { ok: false, refusal: 'bad_signature', reason: `receipt: ${bad}` };
  for (const r of receipt.data.statements)
    if (r.to < r.from || r.count !== r.to - r.from + 1)
      return { ok: false, refusal: 'malformed', reason: `receipt range ${r.from}-${r.to} is not consistent` };
  return { ok: true, envelope: envelope.data, receipt: receipt.data };
}

/** Null when `envelope` is signed by `publicKey` (raw base64) and names it by its key id; else why not. */
export function signatureProblem(envelope: SignedEnvelope, publicKey: string): string | null {
  let key;
  try {
    key = publicKeyFromRaw(publicKey);
  } catch {
    return 'the public key it names is not a valid Ed25519 key';
  }
  if (envelope.keyId !== keyIdOf(publicKey))
    return `signed with key ${envelope.keyId}, but it names key ${keyIdOf(publicKey)}`;
  if (!verifyEd25519(key, canonicalBytes(envelope.signed), envelope.signature))
    return 'bad signature: changed after it was signed, or signed with another key';
  return null;
}

export type CheckedEnrolment = { ok: true; record: EnrolmentRecord } | { ok: false; reason: string };

/**
 * Checks an enrolment envelope: well-formed, signed by the hub key it names, and (when given) for exactly
 * this device, desa and device key, and by this hub key.
 */
export function checkEnrolment(
  envelope: unknown,
  expect: { deviceId?: string; desaCode?: string; devicePublicKey?: string; hubPublicKey?: string } = {},
): CheckedEnrolment {
  const parsed = signedEnvelopeSchema.safeParse(envelope);
  if (!parsed.success || parsed.data.type !== ENROLMENT_SIGNATURE_TYPE)
    return { ok: false, reason: 'the enrolment is not a signed enrolment' };
  const record = enrolmentSchema.safeParse(parsed.data.signed);
  if (!record.success) return { ok: false, reason: 'the enrolment has an unknown shape' };
  const r = record.data;
  if (r.hubKeyId !== keyIdOf(r.hubPublicKey))
    return { ok: false, reason: 'the enrolment names a hub key id that is not its key' };
  const bad = signatureProblem(parsed.data, r.hubPublicKey);
  if (bad) return { ok: false, reason: `enrolment: ${bad}` };
  if (expect.hubPublicKey !== undefined && r.hubPublicKey !== expect.hubPublicKey)
    return { ok: false, reason: 'the enrolment is signed by another hub key' };
  if (expect.deviceId !== undefined && r.deviceId !== expect.deviceId)
    return { ok: false, reason: `the enrolment is for device ${r.deviceId}, not ${expect.deviceId}` };
  if (expect.desaCode !== undefined && r.desaCode !== expect.desaCode)
    return { ok: false, reason: `the enrolment is for desa ${r.desaCode}, not ${expect.desaCode}` };
  if (expect.devicePublicKey !== undefined && r.devicePublicKey !== expect.devicePublicKey)
    return { ok: false, reason: 'the enrolment is for another device key than this one' };
  return { ok: true, record: r };
}

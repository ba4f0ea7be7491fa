import { z } from 'zod';
import { fileEntrySchema, signedEnvelopeSchema } from '../packages/signing';
import type { PackageLimits } from '../packages/limits';
import { revocationListSchema } from '../pki/format';

/**
 * The result bundle and receipt formats, version 1: the one definition of their shapes. Written down for
 * people in docs/formats/result-bundle.md and docs/formats/receipt.md; JSON Schemas exported from here
 * (`formatSchemas()` in packages/formats.ts); v1 fixtures kept forever in tests/fixtures/formats.
 */

export const BUNDLE_EXTENSION = '.balaibundle';
export const RECEIPT_EXTENSION = '.balaireceipt';
/** Envelope types (signing.ts): the bundle's manifest by the device key, receipts and enrolments by a hub key. */
export const BUNDLE_SIGNATURE_TYPE = 'balai-bundle';
export const RECEIPT_SIGNATURE_TYPE = 'balai-receipt';
export const ENROLMENT_SIGNATURE_TYPE = 'balai-enrolment';

export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  statements: 'statements.ndjson',
  roster: 'roster.json',
  certificates: 'certificates.json',
  signature: 'signature.json',
} as const;

/** The files the manifest lists with their hashes (all but the manifest and its signature). */
export const HASHED_FILES = [
  BUNDLE_FILES.statements,
  BUNDLE_FILES.roster,
  BUNDLE_FILES.certificates,
] as const;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const desaCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/);
/** A Kemendagri region code, or '' for the nation (a nasional hub). */
const regionCode = z.string().regex(/^(\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)?$/);
/** A raw 32-byte public key (Ed25519 or X25519), base64. */
const rawKey = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const keyId = z.string().regex(/^[0-9a-f]{16}$/);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const time = z.string().max(40);
const seq = z.number().int().min(1);

/** A run of consecutive statement sequence numbers, both ends included. */
export const seqRangeSchema = z.strictObject({ from: seq, to: seq });
export type SeqRange = z.infer<typeof seqRangeSchema>;

/**
 * The bundle's manifest: `manifest.json`, and exactly the `signed` part of `signature.json` (an envelope of
 * type `balai-bundle` by the device key). The bundle's hash (`bundleSha256`) is the SHA-256 of its RFC 8785
 * canonical JSON.
 */
export const bundleManifestSchema = z.strictObject({
  formatVersion: z.literal(1),
  deviceId: uuid,
  /** The device key that signs the bundle (raw Ed25519, base64); the envelope's keyId is its key id. */
  devicePublicKey: rawKey,
  desaCode,
  desaName: z.string().max(200),
  appVersion: z.string().max(40),
  /** 1 for the kiosk's first verified export, then one more for each. */
  bundleSeq: seq,
  /** Kiosk time, RFC 3339 with offset. */
  createdAt: time,
  statements: z.strictObject({
    /** Lowest and highest sequence number in the bundle; null when it holds none. */
    fromSeq: seq.nullable(),
    toSeq: seq.nullable(),
    /** Exactly the sequence numbers in statements.ndjson, as runs (a gap: delivered before). */
    ranges: z.array(seqRangeSchema).max(1_000_000),
    /** Earliest and latest statement timestamp (kiosk clock); null when none. */
    firstAt: time.nullable(),
    lastAt: time.nullable(),
  }),
  counts: z.strictObject({
    statements: z.number().int().min(0),
    learners: z.number().int().min(0),
    certificates: z.number().int().min(0),
  }),
  /** `sealed`: the roster's personal data is encrypted to the pinned hub's key (`hubKeyId`). */
  roster: z.strictObject({
    personalData: z.enum(['clear', 'sealed']),
    hubKeyId: keyId.nullable(),
  }),
  /** statements.ndjson, roster.json and certificates.json with size and SHA-256. */
  files: z.array(fileEntrySchema).max(10),
  /** The kiosk's previous verified export, null for the first. */
  previousBundle: z.strictObject({ bundleSeq: seq, sha256 }).nullable(),
  /** The hub's signed enrolment of this device key (a `balai-enrolment` envelope), once the kiosk has one. */
  enrolment: signedEnvelopeSchema.nullable(),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;

/** Personal data of a learner as it leaves the kiosk: in clear only the name; sealed also NIK and email. */
export const personalSchema = z.strictObject({
  fullName: z.string().max(200),
  nik: z.string().max(32).optional(),
  email: z.string().max(254).optional(),
});
export type Personal = z.infer<typeof personalSchema>;

export const SEALING_SCHEME = 'X25519-HKDF-SHA256-A256GCM';

/** roster.json */
export const bundleRosterSchema = z.strictObject({
  formatVersion: z.literal(1),
  deviceId: uuid,
  personalData: z.enum(['clear', 'sealed']),
  /** How `sealedPersonal` is encrypted (docs/formats/result-bundle.md); null in clear. */
  sealing: z
    .strictObject({
      scheme: z.literal(SEALING_SCHEME),
      /** The hub's Ed25519 key id the recipient key was pinned with. */
      hubKeyId: keyId,
      /** The hub's X25519 public key (from its receipt). */
      recipientKey: rawKey,
      /** This bundle's ephemeral X25519 public key. */
      ephemeralKey: rawKey,
    })
    .nullable(),
  learners: z
    .array(
      z.strictObject({
        id: uuid,
        jabatan: z.string().max(40).nullable(),
        isOperator: z.boolean(),
        disabled: z.boolean(),
        /** Personal data erased on the kiosk (UU 27/2022): no personal fields at all. */
        erased: z.boolean(),
        createdAt: time,
        /** In clear (no hub key pinned yet); null when sealed or erased. */
        personal: z.strictObject({ fullName: z.string().max(200) }).nullable(),
        /** base64(nonce 12 ‖ AES-256-GCM ciphertext ‖ tag 16) of the JSON of `Personal`; null when clear or erased. */
        sealedPersonal: z.string().max(10_000).nullable(),
      }),
    )
    .max(100_000),
});
export type BundleRoster = z.infer<typeof bundleRosterSchema>;
export type RosterLearner = BundleRoster['learners'][number];

/** certificates.json: the index of every certificate the kiosk issued. */
export const bundleCertificatesSchema = z.strictObject({
  formatVersion: z.literal(1),
  certificates: z
    .array(
      z.strictObject({
        number: z.string().max(40),
        learnerId: uuid,
        courseId: z.string().max(64),
        courseVersion: z.string().max(20),
        preScore: z.number().min(0).max(100).nullable(),
        postScore: z.number().min(0).max(100),
        issuedAt: time,
        /** The signed code the certificate's QR holds (`BB1.…`). */
        code: z.string().max(2000),
      }),
    )
    .max(1_000_000),
});
export type BundleCertificates = z.infer<typeof bundleCertificatesSchema>;

/** A run of statements a hub holds for a device, with a digest of their ids (see receipt.ts). */
export const heldRangeSchema = z.strictObject({
  from: seq,
  to: seq,
  count: z.number().int().min(1),
  /** SHA-256 over `<seq>:<statement id>\n` for each statement of the run, in seq order. */
  sha256,
});
export type HeldRange = z.infer<typeof heldRangeSchema>;

export const hubIdentitySchema = z.strictObject({
  id: uuid,
  name: z.string().min(1).max(200),
  /** The region the hub serves, Kemendagri code ('' for a nasional hub). */
  regionCode,
  /** The hub's Ed25519 public key (raw, base64): signs receipts and enrolments. */
  publicKey: rawKey,
  /** The hub's X25519 public key (raw, base64): bundles seal personal data to it. */
  encryptionKey: rawKey,
});
export type HubIdentity = z.infer<typeof hubIdentitySchema>;

/** The signed part of a `balai-enrolment` envelope: the hub vouches that this device key is this kiosk's. */
export const enrolmentSchema = z.strictObject({
  formatVersion: z.literal(1),
  deviceId: uuid,
  desaCode,
  devicePublicKey: rawKey,
  hubId: uuid,
  hubName: z.string().min(1).max(200),
  /** The hub key that signs this enrolment: whoever pins that key can check it without anything else. */
  hubKeyId: keyId,
  hubPublicKey: rawKey,
  enrolledAt: time,
});
export type EnrolmentRecord = z.infer<typeof enrolmentSchema>;

/** At most this many revocation lists ride in a receipt (one per issuer above the hub is plenty). */
export const MAX_RECEIPT_REVOCATIONS = 32;

/** The fields of a receipt's signed part, the same in every version. */
const receiptFields = {
  receiptId: uuid,
  hub: hubIdentitySchema,
  deviceId: uuid,
  desaCode,
  /** Every statement of this device the hub holds, as runs of sequence numbers. */
  statements: z.array(heldRangeSchema).max(1_000_000),
  /** The bundles of this device the hub imported (their manifest hashes). */
  bundles: z.array(z.strictObject({ bundleSeq: seq, sha256 })).max(100_000),
  /** When the hub imported the latest of them (hub clock). */
  receivedAt: time,
  /** When the receipt was made (hub clock). */
  issuedAt: time,
  /** The first receipt for a device (and any later one, unchanged) carries the hub's enrolment of its key. */
  enrolment: signedEnvelopeSchema.nullable(),
};

/** The signed part of a version 1 `.balaireceipt` (an envelope of type `balai-receipt` by the hub key). */
export const receiptV1Schema = z.strictObject({ formatVersion: z.literal(1), ...receiptFields });

/**
 * Version 2 (issue 16): as version 1, plus the newest revocation lists the hub holds (each signed by its own
 * issuer, checked on its own). The hub's certificate chain travels in the envelope's `chain`.
 */
export const receiptV2Schema = z.strictObject({
  formatVersion: z.literal(2),
  ...receiptFields,
  revocations: z.array(revocationListSchema).max(MAX_RECEIPT_REVOCATIONS),
});

/** A receipt's signed part, either version; hubs write version 2. */
export const receiptSchema = z.discriminatedUnion('formatVersion', [receiptV1Schema, receiptV2Schema]);
export type Receipt = z.infer<typeof receiptSchema>;

/** Sizes a bundle may have when it is read back or verified. Injectable like package limits. */
export const BUNDLE_LIMITS: PackageLimits = {
  maxEntries: 16,
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 64 * 1024,
  maxPathLength: 64,
  /** manifest.json, signature.json, roster.json, certificates.json each. */
  maxManifestBytes: 64 * 1024 ** 2,
  maxJsonDepth: 32,
  maxImageBytes: 0,
};

/** A receipt file is small: runs of sequence numbers and a few keys. */
export const MAX_RECEIPT_BYTES = 8 * 1024 ** 2;
/** One statement line in statements.ndjson. */
export const MAX_STATEMENT_BYTES = 1024 ** 2;

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Personal } from '../../main/core/bundles/format';
import {
  buildReceipt,
  makeEnrolment,
  receiptBytes,
  receiptPath,
  type HubSigner,
} from '../../main/core/bundles/receipt';
import { hubEncryptionKey, RosterOpener, type X25519KeyPair } from '../../main/core/bundles/sealing';
import { verifyBundleFile, type VerifiedBundle } from '../../main/core/bundles/verify';
import { newPrivateKeyFile, type PrivateKeyFile } from '../../main/core/packages/keys';
import type { SignedEnvelope } from '../../main/core/packages/signing';
import type { Certificate, RevocationList } from '../../main/core/pki/format';
import { hubChain } from './hub-cert';

/**
 * The hub's side, as little of it as the kiosk tests need (the real hub comes in a later issue): a hub key,
 * importing bundles (verified, statements kept per device), and receipts built with the core's own builder
 * (main/core/bundles/receipt.ts) for everything held so far.
 */
export interface TestHub {
  signer: HubSigner;
  /** Its certificate chain (null: uncertified), for receipts built by hand. */
  chain: Certificate[] | null;
  encryption: X25519KeyPair;
  /** Verifies a bundle (against the device key enrolled here, if any) and holds its statements. */
  importBundle(file: string): Promise<VerifiedBundle>;
  /** A signed receipt for everything held from the bundle's device; enrols the device the first time. */
  receiptFor(bundle: VerifiedBundle, options?: { at?: string; enrol?: boolean }): SignedEnvelope;
  /** Imports the bundle and writes the receipt where the kiosk looks for it on the stick; returns its path. */
  answerOnStick(bundleFile: string, stickRoot: string, options?: { at?: string }): Promise<string>;
  /** The roster's personal data as the hub reads it: sealed records opened with the hub's key. */
  personalData(bundle: VerifiedBundle): Map<string, Personal | null>;
}

/**
 * A test hub, certified by the development root for its region unless `certified: false` (or with the
 * `chain` given: another region, expired, from a root no kiosk ships…).
 */
export function makeHub(
  options: {
    key?: PrivateKeyFile;
    name?: string;
    regionCode?: string;
    id?: string;
    certified?: boolean;
    chain?: (publicKey: string) => Certificate[];
    revocations?: RevocationList[];
  } = {},
): TestHub {
  const name = options.name ?? 'Dinas PMD Kabupaten Banyumas (uji)';
  const signer: HubSigner = {
    key: options.key ?? newPrivateKeyFile(name),
    id: options.id ?? randomUUID(),
    name,
    regionCode: options.regionCode ?? '33.02',
  };
  const encryption = hubEncryptionKey(signer.key);
  const chain =
    options.certified === false
      ? null
      : (options.chain?.(signer.key.publicKey) ??
        hubChain(signer.key.publicKey, { scope: signer.regionCode, name }));
  const held = new Map<string, Map<number, string>>();
  const bundles = new Map<string, { bundleSeq: number; sha256: string }[]>();
  /** Device id → the enrolment this hub signed for it (its key is pinned here from then on). */
  const enrolled = new Map<string, SignedEnvelope>();

  const hub: TestHub = {
    signer,
    chain,
    encryption,
    async importBundle(file) {
      const result = await verifyBundleFile(file, { keepStatements: true });
      if (!result.ok) throw new Error(`hub refuses the bundle: ${result.reason}`);
      const b = result.bundle;
      const known = enrolled.get(b.manifest.deviceId);
      if (known && known.signed.devicePublicKey !== b.manifest.devicePublicKey)
        throw new Error('another key for an enrolled device');
      const statements = held.get(b.manifest.deviceId) ?? new Map<number, string>();
      for (const s of b.statements ?? []) statements.set(s.seq, s.id);
      held.set(b.manifest.deviceId, statements);
      bundles.set(b.manifest.deviceId, [
        ...(bundles.get(b.manifest.deviceId) ?? []),
        { bundleSeq: b.manifest.bundleSeq, sha256: b.bundleSha256 },
      ]);
      return b;
    },
    receiptFor(bundle, opts = {}) {
      const m = bundle.manifest;
      const at = opts.at ?? '2026-11-02T09:00:00.000+07:00';
      if ((opts.enrol ?? true) && !enrolled.has(m.deviceId))
        enrolled.set(
          m.deviceId,
          makeEnrolment(
            signer,
            { deviceId: m.deviceId, desaCode: m.desaCode, devicePublicKey: m.devicePublicKey },
            at,
          ),
        );
      return buildReceipt({
        hub: signer,
        deviceId: m.deviceId,
        desaCode: m.desaCode,
        statements: [...(held.get(m.deviceId) ?? new Map<number, string>())].map(([seq, id]) => ({
          seq,
          id,
        })),
        bundles: bundles.get(m.deviceId) ?? [{ bundleSeq: m.bundleSeq, sha256: bundle.bundleSha256 }],
        receivedAt: at,
        issuedAt: at,
        enrolment: enrolled.get(m.deviceId) ?? null,
        chain,
        revocations: options.revocations ?? [],
      });
    },
    async answerOnStick(bundleFile, stickRoot, opts = {}) {
      const bundle = await hub.importBundle(bundleFile);
      const envelope = hub.receiptFor(bundle, opts);
      const rel = receiptPath(
        bundle.manifest.desaCode,
        bundle.manifest.desaName,
        bundle.manifest.deviceId,
        opts.at ?? '2026-11-02T09:00:00.000+07:00',
        bundle.manifest.bundleSeq,
      );
      const file = join(stickRoot, ...rel.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, receiptBytes(envelope));
      return file;
    },
    personalData(bundle) {
      const roster = bundle.roster;
      const out = new Map<string, Personal | null>();
      const opener = roster.sealing
        ? new RosterOpener(
            encryption.privateKey,
            roster.sealing.ephemeralKey,
            roster.sealing.recipientKey,
            roster.deviceId,
          )
        : null;
      for (const l of roster.learners) {
        if (l.personal) out.set(l.id, l.personal);
        else if (l.sealedPersonal && opener) out.set(l.id, opener.open(l.id, l.sealedPersonal) as Personal);
        else out.set(l.id, null);
      }
      return out;
    },
  };
  return hub;
}

/**
 * Hostile receipts, applied as `balai receipt apply FILE` does (`applyReceiptFile`) or as the operator's
 * "read receipts" does from a stick (`transfer.receipts`). The village has a pinned hub and an enrolled device
 * key; each case starts from the hub's latest real receipt.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReceiptOnDrive } from '../../../main/api/transfer';
import { applyReceiptFile, applyReceiptsFromDrive } from '../../../main/core/bundles/apply';
import { RECEIPT_SIGNATURE_TYPE, type Receipt } from '../../../main/core/bundles/format';
import { hubIdentity, makeEnrolment, receiptBytes, receiptPath } from '../../../main/core/bundles/receipt';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { signEnvelope, type SignedEnvelope } from '../../../main/core/packages/signing';
import type { Certificate, RevocationList } from '../../../main/core/pki/format';
import { makeRevocationList } from '../../../main/core/pki/revocation';
import { makeHub } from '../../helpers/hub';
import { DEV_ROOT_KEY, hubChain } from '../../helpers/hub-cert';
import {
  fromResult,
  kioskIdentity,
  scratchFile,
  type HostileCase,
  type Outcome,
  type ProofVillage,
} from './harness';

const MiB = 1024 ** 2;

/** The latest receipt's content, from another hub with `chain` (and revocation lists), signed by it. */
function foreignHub(
  v: ProofVillage,
  chain: (publicKey: string) => Certificate[],
  revocations: () => RevocationList[] = () => [],
): Buffer {
  const key = newPrivateKeyFile('Hub Lain');
  const hub = makeHub({ key, name: 'Hub Lain', chain });
  const latest = latestEnvelope(v).signed;
  const signed = { ...latest, formatVersion: 2, revocations: revocations(), hub: hubIdentity(hub.signer) };
  return receiptBytes(signEnvelope(RECEIPT_SIGNATURE_TYPE, signed, key, hub.chain ?? undefined));
}

function apply(v: ProofVillage, bytes: Buffer): Outcome {
  const r = applyReceiptFile(v.core.services, scratchFile(v, 'tanda.balaireceipt', bytes), {
    actorId: v.operatorId,
  });
  if (r.ok && r.value.alreadyApplied)
    return { kind: 'ignored', reason: `already applied, ${r.value.newlyDelivered} newly delivered` };
  return fromResult(r);
}

const latestEnvelope = (v: ProofVillage) =>
  JSON.parse(readFileSync(v.receipts.latest, 'utf8')) as SignedEnvelope & { signed: Receipt };

/** The latest receipt with `edit` applied to what it says, signed again by the pinned hub's own key. */
const resigned = (v: ProofVillage, edit: (r: Receipt) => Receipt) =>
  receiptBytes(
    signEnvelope(
      RECEIPT_SIGNATURE_TYPE,
      edit(structuredClone(latestEnvelope(v).signed)),
      v.hub.signer.key,
      v.hub.chain ?? undefined,
    ),
  );

const receipt = (name: string, expect: string | RegExp, bytes: (v: ProofVillage) => Buffer): HostileCase => ({
  target: 'receipt',
  name,
  expect,
  run: (v) => Promise.resolve(apply(v, bytes(v))),
});

export const receiptCases: HostileCase[] = [
  // Keys and signatures.
  // Who may speak for this desa (issue 16): only a hub whose chain reaches a shipped root and covers it.
  receipt('from a self-made hub (no certificate)', /CONFLICT uncertified: .*has no certificate/, (v) => {
    const rogue = makeHub({ name: 'Hub Tetangga', certified: false });
    const signed = { ...latestEnvelope(v).signed, hub: hubIdentity(rogue.signer) };
    return receiptBytes(signEnvelope(RECEIPT_SIGNATURE_TYPE, signed, rogue.signer.key));
  }),
  receipt(
    'the pinned hub without its certificate chain',
    /CONFLICT uncertified: .*has no certificate/,
    (v) => {
      const envelope: SignedEnvelope = { ...latestEnvelope(v) };
      delete envelope.chain;
      return receiptBytes(envelope);
    },
  ),
  receipt('from a hub certified by a root of its own', /CONFLICT hub_untrusted: .*not a trusted root/, (v) =>
    foreignHub(v, (pk) =>
      hubChain(pk, { scope: '33.02', issuer: { key: newPrivateKeyFile('akar palsu'), chain: [] } }),
    ),
  ),
  receipt('from a hub certified for another provinsi', /CONFLICT hub_out_of_region: .*covers "34"/, (v) =>
    foreignHub(v, (pk) => hubChain(pk, { scope: '34' })),
  ),
  receipt('from a hub whose certificate expired', /CONFLICT hub_expired: .*expired on 2026-06-01/, (v) =>
    foreignHub(v, (pk) => hubChain(pk, { scope: '33.02', notAfter: new Date('2026-06-01T00:00:00Z') })),
  ),
  receipt(
    'from a hub whose certificate is revoked (the list rides along)',
    /CONFLICT hub_revoked: .*is revoked/,
    (v) => {
      let serial = '';
      return foreignHub(
        v,
        (pk) => {
          const chain = hubChain(pk, { scope: '33.02' });
          serial = (chain[0]!.signed as { serial: string }).serial;
          return chain;
        },
        () => [
          makeRevocationList(
            { serials: [serial], keyIds: [], issuedAt: new Date('2026-10-01T00:00:00Z') },
            DEV_ROOT_KEY,
          ),
        ],
      );
    },
  ),
  receipt(
    "a certificate for another key pasted onto the pinned hub's receipt",
    /CONFLICT hub_untrusted: .*but the chain certifies/,
    (v) => {
      const envelope = latestEnvelope(v);
      return receiptBytes({
        ...envelope,
        chain: hubChain(newPrivateKeyFile('lain').publicKey, { scope: '33.02' }),
      });
    },
  ),
  receipt('signature bytes changed', 'INVALID_CONTENT bad_signature', (v) => {
    const envelope = latestEnvelope(v);
    const raw = Buffer.from(envelope.signature, 'base64');
    raw[11] = raw[11]! ^ 0x20;
    return receiptBytes({ ...envelope, signature: raw.toString('base64') });
  }),
  receipt('more statements claimed after signing', 'INVALID_CONTENT bad_signature', (v) => {
    const envelope = latestEnvelope(v);
    const statements = envelope.signed.statements.map((r) => ({ ...r, to: r.to + 50, count: r.count + 50 }));
    return receiptBytes({ ...envelope, signed: { ...envelope.signed, statements } });
  }),
  receipt(
    'signed by another key under the pinned key id',
    /INVALID_CONTENT bad_signature: receipt: bad signature/,
    (v) => {
      const stranger = { ...newPrivateKeyFile('peniru'), keyId: v.hub.signer.key.keyId };
      return receiptBytes(signEnvelope(RECEIPT_SIGNATURE_TYPE, latestEnvelope(v).signed, stranger));
    },
  ),
  receipt(
    'a bundle signature presented as a receipt',
    'INVALID_CONTENT malformed: this is a balai-bundle',
    (v) => {
      const envelope = latestEnvelope(v);
      return receiptBytes({ ...envelope, type: 'balai-bundle' });
    },
  ),
  // For someone else.
  receipt('the pinned hub’s receipt for another kiosk', 'CONFLICT other_device', (v) =>
    resigned(v, (r) => ({ ...r, deviceId: '00000000-0000-4000-8000-000000000001' })),
  ),
  receipt('the pinned hub’s receipt for another desa', 'CONFLICT other_device', (v) =>
    resigned(v, (r) => ({ ...r, desaCode: '33.02.05.2002' })),
  ),
  receipt('naming no bundle this kiosk exported', 'CONFLICT unknown_bundle', (v) =>
    resigned(v, (r) => ({ ...r, bundles: r.bundles.map((b) => ({ ...b, sha256: 'f'.repeat(64) })) })),
  ),
  receipt('an enrolment of a foreign device key', 'INVALID_CONTENT bad_enrolment', (v) =>
    resigned(v, (r) => {
      const { deviceId } = kioskIdentity(v);
      const foreign = newPrivateKeyFile('kunci asing').publicKey;
      const enrolment = makeEnrolment(
        v.hub.signer,
        { deviceId, desaCode: r.desaCode, devicePublicKey: foreign },
        r.issuedAt,
      );
      return { ...r, enrolment };
    }),
  ),
  receipt('an enrolment signed by another hub', 'INVALID_CONTENT bad_enrolment', (v) =>
    resigned(v, (r) => {
      const { deviceId, publicKey } = kioskIdentity(v);
      const rogue = makeHub({ name: 'Hub Tetangga' });
      return {
        ...r,
        enrolment: makeEnrolment(
          rogue.signer,
          { deviceId, desaCode: r.desaCode, devicePublicKey: publicKey },
          r.issuedAt,
        ),
      };
    }),
  ),
  receipt(
    'a range whose count does not fit',
    /INVALID_CONTENT malformed: receipt range .* is not consistent/,
    (v) =>
      resigned(v, (r) => ({ ...r, statements: r.statements.map((s) => ({ ...s, count: s.count + 1 })) })),
  ),
  {
    // The hub answers two kiosks of this desa on one stick, for bundles of the same number on the same day:
    // each receipt must be its own file (one used to overwrite the other), and this kiosk applies only its own.
    target: 'receipt',
    name: 'two kiosks’ receipts of one desa on one stick',
    expect: /ignored: own already_applied, other_device left alone, 2 files/,
    run: async (v) => {
      const own = latestEnvelope(v).signed;
      const other = '00000000-0000-4000-8000-00000000000b';
      const stick = v.scratch('flashdisk-dua-kios');
      const put = (deviceId: string, bytes: Buffer) => {
        const rel = receiptPath(
          own.desaCode,
          'Adisana',
          deviceId,
          own.issuedAt,
          own.bundles.at(-1)!.bundleSeq,
        );
        const file = join(stick, ...rel.split('/'));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, bytes);
        return file;
      };
      const ownFile = put(kioskIdentity(v).deviceId, readFileSync(v.receipts.latest));
      const otherFile = put(
        other,
        resigned(v, (r) => ({ ...r, deviceId: other })),
      );
      const files = readdirSync(dirname(ownFile));
      if (ownFile === otherFile || !existsSync(ownFile) || files.length !== 2)
        return { kind: 'accepted', detail: `one receipt file overwrote the other: ${files.join(', ')}` };
      const r = await applyReceiptsFromDrive(
        v.core.services,
        { mountpoint: stick },
        { actorId: v.operatorId },
      );
      if (!r.ok) return fromResult(r);
      const outcomes = r.value.receipts.map((x) => x.outcome).sort();
      if (outcomes.join() !== 'already_applied,other_device')
        return { kind: 'accepted', detail: JSON.stringify(r.value.receipts) };
      return {
        kind: 'ignored',
        reason: `own already_applied, other_device left alone, ${files.length} files`,
      };
    },
  },
  // Not a receipt.
  receipt('not JSON', 'INVALID_CONTENT unreadable: the receipt is not valid JSON', () =>
    Buffer.from('{"formatVersion": 1,'),
  ),
  receipt('not UTF-8', 'INVALID_CONTENT unreadable: the receipt is not valid UTF-8', (v) =>
    Buffer.concat([
      readFileSync(v.receipts.latest).subarray(0, 40),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]),
  ),
  receipt('nested 100,000 deep', 'INVALID_CONTENT unreadable: the receipt is nested too deeply', () =>
    Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  ),
  receipt('over 8 MiB', /INVALID_CONTENT unreadable: .* is not a receipt file/, (v) =>
    Buffer.concat([readFileSync(v.receipts.latest), Buffer.alloc(9 * MiB, 0x20)]),
  ),
  receipt(
    '"__proto__" inside what is signed',
    'INVALID_CONTENT unreadable: the receipt has a "__proto__" key',
    (v) =>
      Buffer.from(
        readFileSync(v.receipts.latest, 'utf8').replace(
          '"signed": {',
          '"signed": {"__proto__": {"deviceId": "x"},',
        ),
      ),
  ),
  // Replays.
  receipt('replay: the latest receipt again', /already applied, 0 newly delivered/, (v) =>
    readFileSync(v.receipts.latest),
  ),
  receipt(
    'replay: the first receipt again (the hub’s old name and encryption key)',
    /already applied, 0 newly delivered/,
    (v) => readFileSync(v.receipts.first),
  ),
  {
    target: 'receipt',
    name: 'replay: an old stick holding only the first receipt',
    expect: /already_applied/,
    run: async (v) => {
      const r = await v.call(v.operator, 'transfer.receipts', { driveId: v.oldStickId });
      if (!r.ok) return fromResult(r);
      const found = (r.value as { receipts: ReceiptOnDrive[] }).receipts;
      if (found.length === 1 && found[0]!.outcome === 'already_applied' && found[0]!.newlyDelivered === 0)
        return { kind: 'ignored', reason: `${found[0]!.outcome} (${found[0]!.path})` };
      return { kind: 'accepted', detail: JSON.stringify(found) };
    },
  },
];

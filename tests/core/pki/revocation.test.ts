import { describe, expect, it } from 'vitest';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { issueCertificate } from '../../../main/core/pki/issue';
import {
  makeRevocationList,
  mergeRevocations,
  verifyRevocationList,
} from '../../../main/core/pki/revocation';
import { rootFromKey } from '../../../main/core/pki/roots';

const NOW = new Date('2026-06-01T00:00:00Z');
const root = newPrivateKeyFile('Root');
const roots = [rootFromKey(root, false)];
const provinsi = newPrivateKeyFile('Provinsi');
const provinsiCert = issueCertificate(
  {
    subjectPublicKey: provinsi.publicKey,
    role: 'hub',
    scope: '33',
    name: 'Provinsi',
    rights: ['certify'],
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
  },
  root,
);
const opts = { roots, revocations: [], now: NOW };

describe('revocation lists', () => {
  it('accepts a root list, and a certified issuer list with its chain', () => {
    const fromRoot = makeRevocationList({ serials: ['00000000000000aa'], keyIds: [], issuedAt: NOW }, root);
    expect(verifyRevocationList(fromRoot, opts)).toMatchObject({ ok: true, issuerKeyId: root.keyId });
    const fromProvinsi = makeRevocationList({ serials: [], keyIds: [root.keyId], issuedAt: NOW }, provinsi, {
      chain: [provinsiCert],
    });
    expect(verifyRevocationList(fromProvinsi, opts)).toMatchObject({ ok: true, issuerKeyId: provinsi.keyId });
  });

  it('refuses an uncertified issuer, a tampered list and a forged chain', () => {
    const stranger = newPrivateKeyFile('Stranger');
    const bare = makeRevocationList({ serials: [], keyIds: [], issuedAt: NOW }, stranger);
    expect(verifyRevocationList(bare, opts)).toMatchObject({ ok: false });
    const withOthersChain = makeRevocationList({ serials: [], keyIds: [], issuedAt: NOW }, stranger, {
      chain: [provinsiCert],
    });
    expect(verifyRevocationList(withOthersChain, opts)).toMatchObject({
      ok: false,
      reason: 'revocation list is not signed by the key its chain certifies',
    });
    const list = makeRevocationList({ serials: ['00000000000000aa'], keyIds: [], issuedAt: NOW }, root);
    const tampered = { ...list, signed: { ...list.signed, serials: [] } };
    expect(verifyRevocationList(tampered, opts)).toMatchObject({
      ok: false,
      reason: 'bad signature on the revocation list',
    });
    expect(verifyRevocationList('nonsense', opts)).toMatchObject({ ok: false });
  });

  it('keeps the newest list per issuer; an older or conflicting one changes nothing', () => {
    const first = makeRevocationList({ serials: ['00000000000000aa'], keyIds: [], issuedAt: NOW }, root);
    const firstBody = verifyRevocationList(first, opts);
    if (!firstBody.ok) throw new Error(firstBody.reason);
    const second = makeRevocationList({ serials: ['00000000000000bb'], keyIds: [], issuedAt: NOW }, root, {
      previous: firstBody.body,
    });
    expect(second.signed).toMatchObject({ sequence: 2, serials: ['00000000000000aa', '00000000000000bb'] });

    const added = mergeRevocations([], first);
    expect(added.outcome).toBe('added');
    const newer = mergeRevocations(added.lists, second);
    expect(newer).toMatchObject({ outcome: 'newer', lists: [second] });
    const replay = mergeRevocations(newer.lists, first);
    expect(replay).toMatchObject({ outcome: 'older', lists: [second] });
    expect(mergeRevocations(newer.lists, second).outcome).toBe('same');
    const rival = makeRevocationList({ serials: [], keyIds: [], issuedAt: NOW, sequence: 2 }, root);
    expect(mergeRevocations(newer.lists, rival)).toMatchObject({ outcome: 'conflict', lists: [second] });
  });
});

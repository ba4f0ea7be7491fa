import { describe, expect, it } from 'vitest';
import { newPrivateKeyFile, type PrivateKeyFile } from '../../../main/core/packages/keys';
import { verifyChain, verifySignedDocument } from '../../../main/core/pki/chain';
import type { Certificate, Right, Role } from '../../../main/core/pki/format';
import { issueCertificate, makeRequest, verifyRequest } from '../../../main/core/pki/issue';
import { makeRevocationList } from '../../../main/core/pki/revocation';
import { rootFromKey } from '../../../main/core/pki/roots';
import { signEnvelope } from '../../../main/core/packages/signing';

const NOW = new Date('2026-06-01T00:00:00Z');
const YEAR = 365 * 86_400_000;
const root = newPrivateKeyFile('Root');
const roots = [rootFromKey(root, false)];
const provinsi = newPrivateKeyFile('Provinsi Jawa Tengah');
const kabupaten = newPrivateKeyFile('Kabupaten Purbalingga');
const team = newPrivateKeyFile('Tim LMS Purbalingga');

function cert(
  issuer: PrivateKeyFile,
  subject: PrivateKeyFile,
  scope: string,
  rights: Right[],
  over: { role?: Role; from?: Date; to?: Date } = {},
): Certificate {
  return issueCertificate(
    {
      subjectPublicKey: subject.publicKey,
      role: over.role ?? 'publisher',
      scope,
      name: subject.name,
      rights,
      notBefore: over.from ?? new Date(NOW.getTime() - YEAR),
      notAfter: over.to ?? new Date(NOW.getTime() + YEAR),
    },
    issuer,
  );
}

const all: Right[] = ['courses', 'catalogue', 'certify'];
const good = [
  cert(root, provinsi, '33', all),
  cert(provinsi, kabupaten, '33.03', all),
  cert(kabupaten, team, '33.03', ['courses']),
];
const base = { roots, revocations: [], now: NOW, role: 'publisher' as const };

describe('verifyChain', () => {
  it('accepts centre → provinsi → kabupaten and reports what the last certificate grants', () => {
    const result = verifyChain(good, { ...base, scopeMustCover: '33.03.01.2001', right: 'courses' });
    expect(result).toMatchObject({ ok: true, signerKeyId: team.keyId, development: false });
    if (result.ok)
      expect(result.leaf).toMatchObject({ scope: '33.03', level: 'kabupaten', rights: ['courses'] });
  });

  it.each([
    ['scope_widens', [good[0]!, cert(provinsi, kabupaten, '34.03', all)]],
    ['scope_widens', [good[0]!, cert(provinsi, kabupaten, '', all)]],
    ['rights_widen', [good[0]!, cert(provinsi, kabupaten, '33.03', ['courses', 'app-updates', 'certify'])]],
    [
      'dates_widen',
      [good[0]!, cert(provinsi, kabupaten, '33.03', all, { to: new Date(NOW.getTime() + 3 * YEAR) })],
    ],
    [
      'may_not_certify',
      [cert(root, provinsi, '33', ['courses']), cert(provinsi, kabupaten, '33.03', ['courses'])],
    ],
    ['role_changes', [good[0]!, cert(provinsi, kabupaten, '33.03', ['certify'], { role: 'hub' })]],
    ['broken_link', [good[0]!, cert(team, kabupaten, '33.03', all)]],
    ['unknown_root', [cert(provinsi, kabupaten, '33.03', all)]],
    ['too_long', [...good, cert(team, provinsi, '33.03', [])]],
    ['no_chain', []],
    ['malformed', [{ nonsense: true }]],
    ['expired', [cert(root, provinsi, '33', all, { to: new Date(NOW.getTime() - 1) })]],
    ['not_yet_valid', [cert(root, provinsi, '33', all, { from: new Date(NOW.getTime() + 1000) })]],
  ])('refuses with %s', (code, chain) => {
    expect(verifyChain(chain, base)).toMatchObject({ ok: false, code });
  });

  it('refuses a certificate changed after signing', () => {
    const forged = structuredClone(good);
    forged[1]!.signed.scope = '';
    forged[1]!.signed.level = 'pusat';
    expect(verifyChain(forged, base)).toMatchObject({ ok: false, code: 'bad_signature', at: 1 });
  });

  it('checks the use: role, region and right of the last certificate', () => {
    expect(verifyChain(good, { ...base, role: 'hub' })).toMatchObject({ code: 'wrong_role' });
    expect(verifyChain(good, { ...base, scopeMustCover: '33.04.01.2001' })).toMatchObject({
      code: 'scope_not_covered',
    });
    expect(verifyChain(good, { ...base, scopeMustCover: '33' })).toMatchObject({ code: 'scope_not_covered' });
    expect(verifyChain(good, { ...base, right: 'catalogue' })).toMatchObject({ code: 'right_missing' });
  });

  it('refuses a revoked serial or key, anywhere below the revoking issuer', () => {
    const bySerial = makeRevocationList(
      { serials: [good[1]!.signed.serial as string], keyIds: [], issuedAt: NOW },
      provinsi,
      { chain: [good[0]!] },
    );
    expect(verifyChain(good, { ...base, revocations: [bySerial] })).toMatchObject({ code: 'revoked', at: 1 });
    const byKey = makeRevocationList({ serials: [], keyIds: [team.keyId], issuedAt: NOW }, root);
    expect(verifyChain(good, { ...base, revocations: [byKey] })).toMatchObject({ code: 'revoked', at: 2 });
    // A key id revoked by someone who is not above it in the chain does not touch it.
    const stranger = makeRevocationList({ serials: [], keyIds: [provinsi.keyId], issuedAt: NOW }, team);
    expect(verifyChain(good, { ...base, revocations: [stranger] })).toMatchObject({ ok: true });
  });

  it('checks a document against the chain its envelope carries', () => {
    const doc = signEnvelope('balai-course', { courseId: 'x' }, team, good);
    const opts = { ...base, right: 'courses' as const };
    expect(verifySignedDocument(doc, 'balai-course', opts)).toMatchObject({ ok: true });
    expect(verifySignedDocument({ ...doc, signed: { courseId: 'y' } }, 'balai-course', opts)).toMatchObject({
      code: 'bad_signature',
    });
    const other = signEnvelope('balai-course', { courseId: 'x' }, kabupaten, good);
    expect(verifySignedDocument(other, 'balai-course', opts)).toMatchObject({ code: 'wrong_signer' });
    const bare = signEnvelope('balai-course', { courseId: 'x' }, team);
    expect(verifySignedDocument(bare, 'balai-course', opts)).toMatchObject({ code: 'no_chain' });
  });
});

describe('certificate requests', () => {
  it('is signed by the key it asks to certify', () => {
    const request = makeRequest(
      { role: 'hub', region: '33.03.01', name: 'Hub Bukateja', created: NOW },
      team,
    );
    expect(verifyRequest(request)).toMatchObject({
      ok: true,
      keyId: team.keyId,
      request: { level: 'kecamatan' },
    });
    const swapped = { ...request, signed: { ...request.signed, publicKey: provinsi.publicKey } };
    expect(verifyRequest(swapped)).toMatchObject({ ok: false });
    expect(verifyRequest({ ...request, signed: { ...request.signed, name: 'Hub Lain' } })).toMatchObject({
      ok: false,
      reason: 'bad signature on the certificate request',
    });
  });
});

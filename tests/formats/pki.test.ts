import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../main/core/pki/chain';
import { chainFileSchema, rootKeySchema } from '../../main/core/pki/format';
import { verifyRequest } from '../../main/core/pki/issue';
import { verifyRevocationList } from '../../main/core/pki/revocation';

const DIR = resolve(import.meta.dirname, '..', 'fixtures', 'formats', 'pki-v1');
const read = (name: string): unknown => JSON.parse(readFileSync(join(DIR, name), 'utf8'));
const roots = [rootKeySchema.parse(read('root.json'))];
const now = new Date('2026-12-08T00:00:00Z');

describe('trust formats, one fixture per version, kept forever', () => {
  it('a v1 root, chain, request and revocation list made on 2026-12-08 still read and verify', () => {
    const { chain } = chainFileSchema.parse(read('chain.json'));
    expect(
      verifyChain(chain, { roots, revocations: [], now, role: 'publisher', right: 'app-updates' }),
    ).toMatchObject({
      ok: true,
      development: true,
      leaf: { scope: '', level: 'pusat', serial: '00000000000000d1' },
    });
    expect(verifyRequest(read('request.json'))).toMatchObject({
      ok: true,
      request: { role: 'hub', region: '33.02.05', level: 'kecamatan', name: 'Hub Kecamatan Uji' },
    });
    expect(verifyRevocationList(read('revocation-list.json'), { roots, revocations: [], now })).toMatchObject(
      {
        ok: true,
        body: { sequence: 1, serials: ['00000000000000aa'], keyIds: ['00000000000000bb'] },
      },
    );
  });
});

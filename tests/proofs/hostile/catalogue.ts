/**
 * Hostile course catalogues (main/core/catalogue), synced as the kiosk syncs one: the catalogue read over HTTP
 * from the publisher's site, then each new or newer course downloaded and installed. The village accepted
 * edition 2 already (tests/proofs/hostile/harness.ts); a case either serves another catalogue, or serves
 * edition 2 again with a hostile package where one of its courses should be.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signCatalogue, type SignedCatalogue } from '../../../main/core/catalogue/format';
import type { CatalogueSyncResult } from '../../../main/core/catalogue/sync';
import type { Signer } from '../../../main/core/pki/trust';
import { selfCertified } from '../../helpers/pki';
import type { HostileCase, Outcome, ProofVillage } from './harness';

const KATALOG = 'katalog.json';

async function sync(v: ProofVillage): Promise<Outcome> {
  const task = await v.catalogue.sync();
  if (task.state !== 'done') {
    const reason = task.error?.details?.reason;
    return {
      kind: 'refused',
      code: `${task.error?.code ?? task.state}${typeof reason === 'string' ? ` ${reason}` : ''}`,
      reason: task.error?.message ?? '',
    };
  }
  const result = task.result as CatalogueSyncResult;
  if (result.installed.length > 0) return { kind: 'accepted', detail: JSON.stringify(result.installed) };
  const failed = result.failed.find((f) => !/^HTTP 404/.test(f.reason));
  return failed
    ? { kind: 'refused', code: 'package refused', reason: `${failed.id} ${failed.version}: ${failed.reason}` }
    : { kind: 'accepted', detail: 'nothing to refuse' };
}

/** Serves `envelope` (or raw bytes) as the catalogue for one sync, then edition 2 again. */
async function serving(v: ProofVillage, body: Buffer): Promise<Outcome> {
  const file = join(v.catalogue.site.root, KATALOG);
  writeFileSync(file, body);
  try {
    return await sync(v);
  } finally {
    writeFileSync(file, JSON.stringify(signCatalogue(v.catalogue.edition2, v.publisher)));
  }
}

export const signedBy = (edition: SignedCatalogue, key: Signer) =>
  Buffer.from(JSON.stringify(signCatalogue(edition, key)));

export const catalogue = (
  name: string,
  expect: string | RegExp,
  body: (v: ProofVillage, edition2: SignedCatalogue) => Buffer,
): HostileCase => ({
  target: 'catalogue',
  name,
  expect,
  run: (v) => serving(v, body(v, v.catalogue.edition2)),
});

/** Edition 2 served again, with `bytes` online where the package `file` should be. */
const packageOnline = (
  name: string,
  expect: string | RegExp,
  file: keyof ProofVillage['catalogue']['packages'],
  bytes: (v: ProofVillage) => Buffer,
): HostileCase => ({
  target: 'catalogue',
  name,
  expect,
  run: async (v) => {
    const at = join(v.catalogue.site.root, 'kursus', file);
    writeFileSync(at, bytes(v));
    try {
      return await sync(v);
    } finally {
      rmSync(at, { force: true });
    }
  },
});

export const catalogueCases: HostileCase[] = [
  catalogue('signed part changed after signing', 'INVALID_CONTENT bad_signature', (v, e2) => {
    const envelope = signCatalogue({ ...e2, sequence: 3 }, v.publisher);
    return Buffer.from(JSON.stringify({ ...envelope, signed: { ...envelope.signed, sequence: 4 } }));
  }),
  catalogue(
    'signed by a key the village does not trust',
    /INVALID_CONTENT bad_signature .*not a trusted root/,
    (_v, e2) => signedBy({ ...e2, sequence: 3 }, selfCertified('Penerbit Asing')),
  ),
  catalogue(
    'an update signature served as the catalogue',
    /INVALID_CONTENT bad_signature .*signature is for a balai-update, not a balai-catalogue/,
    (v, e2) => {
      const envelope = signCatalogue({ ...e2, sequence: 3 }, v.publisher);
      return Buffer.from(JSON.stringify({ ...envelope, type: 'balai-update' }));
    },
  ),
  catalogue(
    'replay: an older edition, properly signed',
    /INVALID_CONTENT replayed .*catalogue 1 is older than 2/,
    (v, e2) => signedBy({ ...e2, sequence: 1, issuedAt: '2026-11-01T08:00:00+07:00' }, v.publisher),
  ),
  catalogue(
    'replay: edition 2 with other content',
    /INVALID_CONTENT replayed .*differs from the one with that number/,
    (v, e2) => signedBy({ ...e2, courses: e2.courses.slice(1) }, v.publisher),
  ),
  catalogue('edition 3 issued before edition 2', /INVALID_CONTENT replayed .*issued before/, (v, e2) =>
    signedBy({ ...e2, sequence: 3, issuedAt: '2026-11-09T08:00:00+07:00' }, v.publisher),
  ),
  catalogue('not JSON (a captive portal page)', /INVALID_CONTENT malformed .*not valid JSON/, () =>
    Buffer.from('<html><body>Login hotspot</body></html>'),
  ),
  catalogue('not UTF-8', /INVALID_CONTENT malformed .*not valid UTF-8/, () =>
    Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]),
  ),
  catalogue('over 1 MiB', /INVALID_CONTENT malformed/, (v, e2) =>
    Buffer.concat([signedBy({ ...e2, sequence: 3 }, v.publisher), Buffer.alloc(1024 ** 2, 0x20)]),
  ),
  catalogue('nested 1,000 deep', /INVALID_CONTENT malformed .*nested too deeply/, () =>
    Buffer.from(`${'['.repeat(1000)}${']'.repeat(1000)}`),
  ),
  catalogue(
    '"__proto__" slipped into the signed part',
    /INVALID_CONTENT malformed .*"__proto__" key/,
    (v, e2) =>
      Buffer.from(
        JSON.stringify(signCatalogue(e2, v.publisher)).replace(
          '"signed":{',
          '"signed":{"__proto__":{"sequence":99},',
        ),
      ),
  ),
  packageOnline(
    'a package changed after the catalogue signed it',
    /package refused kursus-uji 1.2.0: .*not the package the catalogue signed/,
    'kursus-uji-1.2.0.balaicourse',
    (v) => {
      const bytes = Buffer.from(v.catalogue.packages['kursus-uji-1.2.0.balaicourse']);
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      return bytes;
    },
  ),
  packageOnline(
    'a package larger than signed (download bomb)',
    /package refused kursus-uji 1.2.0: .*larger than/,
    'kursus-uji-1.2.0.balaicourse',
    (v) => Buffer.concat([v.catalogue.packages['kursus-uji-1.2.0.balaicourse'], Buffer.alloc(8 * 1024 ** 2)]),
  ),
  packageOnline(
    'a signed package of another course under this name',
    /package refused kursus-tiga 1.0.0: the package is kursus-lain 1.0.0, the catalogue says kursus-tiga 1.0.0/,
    'kursus-tiga-1.0.0.balaicourse',
    (v) => v.catalogue.packages['kursus-tiga-1.0.0.balaicourse'],
  ),
];

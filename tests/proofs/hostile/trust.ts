/**
 * Trust (issue 16): course packages and catalogues whose signature holds but whose publisher chain does not,
 * each otherwise a good package or edition. The village is in Kabupaten Banyumas (33.02); its app ships the
 * development root. Each must be refused with its reason and change nothing.
 */
import { yazlZip, signedItems, courseFiles } from '../../core/packages/fixtures';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import type { Signer } from '../../../main/core/pki/trust';
import { certify } from '../../helpers/pki';
import { catalogue, signedBy } from './catalogue';
import type { HostileCase } from './harness';
import { installFromStick } from './packages';

const NEXT = '1.2.0';
const pkg = (name: string, expect: string | RegExp, signer: () => Signer): HostileCase => ({
  target: 'course package',
  name,
  expect,
  run: async (v) => installFromStick(v, await yazlZip(signedItems(courseFiles(NEXT), signer()))),
});

const provinsi = () =>
  certify(newPrivateKeyFile('Dinas PMD Jawa Tengah'), {
    scope: '33',
    rights: ['courses', 'catalogue', 'certify'],
  });

export const trustCases: HostileCase[] = [
  pkg("signed by another kabupaten's certified team (33.03)", /covers "33\.03", not 33\.02\./, () =>
    certify(newPrivateKeyFile('Tim LMS Purbalingga'), { scope: '33.03', rights: ['courses'] }),
  ),
  pkg(
    'a chain that widens its scope (provinsi 33 certifies 34.01)',
    /scope "34\.01" is wider than its issuer's "33"/,
    () =>
      certify(newPrivateKeyFile('Tim palsu'), { scope: '34.01', rights: ['courses'], issuer: provinsi() }),
  ),
  pkg(
    'a chain that widens its rights (issuer without app-updates)',
    /rights app-updates exceed the issuer's/,
    () =>
      certify(newPrivateKeyFile('Tim palsu'), {
        scope: '33.02',
        rights: ['courses', 'app-updates'],
        issuer: provinsi(),
      }),
  ),
  pkg('an issuer without "certify" certifies a team', /has no right to certify other keys/, () =>
    certify(newPrivateKeyFile('Tim palsu'), {
      scope: '33.02',
      rights: ['courses'],
      issuer: certify(newPrivateKeyFile('Penerbit biasa'), { scope: '33', rights: ['courses'] }),
    }),
  ),
  pkg('an expired publisher certificate', /expired on 2025-01-01/, () =>
    certify(newPrivateKeyFile('Tim kedaluwarsa'), {
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2025-01-01T00:00:00Z'),
    }),
  ),
  pkg('a hub certificate signing a course', /is certified as a hub, not a publisher/, () =>
    certify(newPrivateKeyFile('Hub Kecamatan'), { role: 'hub', scope: '33.02' }),
  ),
  catalogue(
    'a catalogue signed by a publisher with only "courses"',
    /INVALID_CONTENT bad_signature .*has no right "catalogue"/,
    (_v, e2) =>
      signedBy(
        { ...e2, sequence: 3 },
        certify(newPrivateKeyFile('Tim LMS Banyumas'), { scope: '33.02', rights: ['courses'] }),
      ),
  ),
];

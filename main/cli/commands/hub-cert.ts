import { resolve } from 'node:path';
import type { HubCertificateView } from '../../api/hub';
import { importHubCertificateFile, writeCertificateRequest } from '../../core/hub/certificate';
import { dataDir, parse, Refused, UsageError } from '../args';
import { existingFolder, openHubCore } from './hub-common';

/** Each certificate refusal as the admin reads it (by `details.reason`). */
const CERT_TEXT: Record<string, string> = {
  not_a_certificate: 'Berkas ini bukan sertifikat Balai Belajar.',
  other_key: 'Sertifikat ini untuk kunci lain, bukan kunci hub ini.',
  other_region: 'Sertifikat ini untuk wilayah lain, bukan wilayah hub ini.',
  unknown_root: 'Sertifikat tidak berasal dari akar tepercaya aplikasi ini.',
  expired: 'Sertifikat sudah habis masa berlakunya.',
  not_yet_valid: 'Sertifikat belum berlaku (periksa tanggal komputer).',
  revoked: 'Sertifikat sudah dicabut.',
  wrong_role: 'Sertifikat ini bukan untuk hub.',
};

/** Lines describing the hub's certificate, for `hub status` and `hub cert import`. */
export function describeCertificate(c: HubCertificateView): string[] {
  if (c.chain.length === 0)
    return ['certificate: none: receipts are uncertified and kiosks refuse them (balai pki request)'];
  const lines = c.chain.map(
    (link, i) =>
      `  ${i + 1}. ${link.name} (${link.level} ${link.scope || 'nasional'}), until ${link.notAfter}, by key ${link.issuerKeyId}`,
  );
  const state = c.certified
    ? `certified until ${c.notAfter} (${c.daysLeft} days left)${c.expiresSoon ? ': EXPIRES SOON, ask for a new certificate / segera minta sertifikat baru' : ''}${c.development ? ' [development root: Versi uji]' : ''}`
    : `NOT VALID (${c.problem}): receipts are uncertified and kiosks refuse them`;
  return [`certificate: ${state}`, ...lines];
}

/** `balai hub cert import <file>`: the chain the issuer gave back for this hub's request. */
async function certImport(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { data: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('hub cert import <certificate.json> --data DIR');
  const core = openHubCore(dataDir(values.data));
  try {
    const done = importHubCertificateFile(core.services, core.services.trust(), resolve(positionals[0]!));
    if (!done.ok) {
      const reason = done.error.details?.reason;
      throw new Refused(
        `certificate refused: ${done.error.message}`,
        (typeof reason === 'string' ? CERT_TEXT[reason] : undefined) ?? 'Sertifikat ditolak.',
      );
    }
    if (values.json) console.log(JSON.stringify(done.value));
    else for (const line of describeCertificate(done.value)) console.log(line);
    return Promise.resolve(0);
  } finally {
    core.close();
  }
}

/** `balai hub cert <verb>`. */
export function hubCert(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'import') return certImport(rest);
  throw new UsageError(verb ? `unknown hub cert command: ${verb}` : 'hub cert import <file>?');
}

/** `balai pki request`: the hub's certificate request onto a stick. */
export function pkiRequest(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const to = existingFolder(values.to, '--to DIR is required (the stick, or a folder)');
  const core = openHubCore(dataDir(values.data));
  try {
    const done = writeCertificateRequest(core.services, { mountpoint: resolve(to) });
    if (!done.ok)
      throw new Refused(`request not written: ${done.error.message}`, 'Permintaan sertifikat gagal ditulis.');
    if (values.json) console.log(JSON.stringify(done.value));
    else
      console.log(
        `Certificate request written: ${done.value.path} (${done.value.name}, ${done.value.level} ${done.value.regionCode}, key ${done.value.keyId}). Permintaan sertifikat ditulis.`,
      );
    return Promise.resolve(0);
  } finally {
    core.close();
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateKeyFileSchema, type PrivateKeyFile } from '../core/packages/keys';
import { walkChain } from '../core/pki/chain';
import { chainFileSchema, type Certificate, type PublisherRight } from '../core/pki/format';
import { loadRoots } from '../core/pki/roots';
import type { Signer, Trust } from '../core/pki/trust';
import { Refused, UsageError } from './args';
import { openCore } from './core';
import { RESOURCES_DIR } from './paths';

/** The roots this checkout ships (resources/keys/roots). */
export function shippedRoots() {
  return loadRoots(join(RESOURCES_DIR, 'keys', 'roots'));
}

/** A JSON file, or a refusal naming it. */
export function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Refused(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      `Berkas ${file} tidak dapat dibaca.`,
    );
  }
}

/** `--key FILE`: a private key file from `balai keygen` or `balai pki init-root`. */
export function readPrivateKey(file: string): PrivateKeyFile {
  const key = privateKeyFileSchema.safeParse(readJson(file));
  if (!key.success)
    throw new Refused(`${file} is not a private key file from balai keygen`, 'Berkas kunci tidak sah.');
  return key.data;
}

/** `--cert FILE`: a certificate chain file from `balai pki issue`. */
export function readChainFile(file: string): Certificate[] {
  const chain = chainFileSchema.safeParse(readJson(file));
  if (!chain.success)
    throw new Refused(
      `${file} is not a certificate chain from balai pki issue`,
      'Berkas sertifikat tidak sah.',
    );
  return chain.data.chain;
}

/**
 * `--key K --cert C` for a publisher: refuses a chain that does not certify this key, or lacks `right`, or
 * does not hold against the roots this checkout ships (so nothing is signed that kiosks would refuse).
 */
export function readSigner(
  keyFile: string | undefined,
  certFile: string | undefined,
  right: PublisherRight,
): Signer {
  if (!keyFile || !certFile) throw new UsageError('--key FILE and --cert CHAIN are required');
  const key = readPrivateKey(keyFile);
  const chain = readChainFile(certFile);
  const checked = walkChain(chain, {
    roots: shippedRoots(),
    revocations: [],
    now: new Date(),
    role: 'publisher',
    right,
    ...(right === 'app-updates' ? { scopeMustCover: '' } : {}),
  });
  if (!checked.ok)
    throw new Refused(
      `${certFile}: ${checked.reason}`,
      'Rantai sertifikat penerbit tidak berlaku untuk ini.',
    );
  if (checked.signerKeyId !== key.keyId)
    throw new Refused(
      `${certFile} certifies key ${checked.signerKeyId}, not ${key.keyId} (${keyFile})`,
      'Sertifikat bukan untuk kunci ini.',
    );
  return { key, chain };
}

/** What a kiosk would trust: the shipped roots, and with `--data` that kiosk's revocation lists and desa. */
export function cliTrust(data: string | undefined): Trust {
  if (!data) return { roots: shippedRoots(), revocations: [], now: new Date() };
  const core = openCore(data, { quiet: true });
  try {
    return core.services.trust();
  } finally {
    core.close();
  }
}

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** An Ed25519 key pair as PEM text. */
export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function generateEd25519(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The raw 32-byte public key, base64: compact enough for QR codes and manifests. */
export function publicKeyRaw(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32).toString('base64');
}

export function publicKeyFromRaw(raw: string): KeyObject {
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({
    key: Buffer.concat([prefix, Buffer.from(raw, 'base64')]),
    format: 'der',
    type: 'spki',
  });
}

export function signEd25519(privateKeyPem: string, data: Buffer): string {
  return sign(null, data, createPrivateKey(privateKeyPem)).toString('base64');
}

export function verifyEd25519(publicKey: KeyObject, data: Buffer, signature: string): boolean {
  try {
    return verify(null, data, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** temp file → fsync → rename: a power cut leaves the old file or the new one, never half of one. */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): void {
  const temp = `${file}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type { PrivateKeyFile } from '../packages/keys';
import { SEALING_SCHEME } from './format';

/**
 * Personal data in a bundle, sealed to the pinned hub (docs/formats/result-bundle.md, "Sealed roster"):
 * ephemeral-static X25519 (a fresh key pair per bundle, the hub's key from its receipt), HKDF-SHA256 to one
 * AES-256-GCM key per bundle, a random 12-byte nonce per learner, and the device id and learner id as
 * associated data so a sealed record cannot be moved to another learner or kiosk. Node's crypto only.
 */

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const HKDF_INFO = Buffer.from(`balai-belajar roster ${SEALING_SCHEME} v1`);
const HUB_KEY_INFO = Buffer.from('balai-belajar hub x25519 v1');

export interface X25519KeyPair {
  /** Raw 32-byte public key, base64. */
  publicKey: string;
  privateKey: KeyObject;
}

function x25519PublicFromRaw(raw: string): KeyObject {
  const bytes = Buffer.from(raw, 'base64');
  if (bytes.length !== 32) throw new Error('an X25519 public key has 32 bytes');
  return createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, bytes]), format: 'der', type: 'spki' });
}

function rawPublic(key: KeyObject): string {
  const der = (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32).toString('base64');
}

/**
 * The hub's X25519 key pair, derived from its Ed25519 signing key file (HKDF over the Ed25519 seed), so a hub
 * has one secret to keep. Its public half travels, signed, in every receipt.
 */
export function hubEncryptionKey(hubKey: PrivateKeyFile): X25519KeyPair {
  const jwk = createPrivateKey(hubKey.privateKeyPem).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') throw new Error('not an Ed25519 private key');
  const seed = Buffer.from(jwk.d, 'base64url');
  const scalar = Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), HUB_KEY_INFO, 32));
  const privateKey = createPrivateKey({
    key: Buffer.concat([X25519_PKCS8_PREFIX, scalar]),
    format: 'der',
    type: 'pkcs8',
  });
  return { publicKey: rawPublic(privateKey), privateKey };
}

function bundleKey(shared: Buffer, ephemeralKey: string, recipientKey: string): Buffer {
  const salt = Buffer.concat([Buffer.from(ephemeralKey, 'base64'), Buffer.from(recipientKey, 'base64')]);
  return Buffer.from(hkdfSync('sha256', shared, salt, HKDF_INFO, 32));
}

const aad = (deviceId: string, learnerId: string) =>
  Buffer.from(`balai-roster-v1\n${deviceId}\n${learnerId}`, 'utf8');

/** Seals records for one bundle: one ephemeral key, one derived AES key, a fresh nonce per record. */
export class RosterSealer {
  readonly ephemeralKey: string;
  readonly #key: Buffer;

  constructor(
    readonly recipientKey: string,
    private readonly deviceId: string,
  ) {
    const ephemeral = generateKeyPairSync('x25519');
    this.ephemeralKey = rawPublic(ephemeral.publicKey);
    const shared = diffieHellman({
      privateKey: ephemeral.privateKey,
      publicKey: x25519PublicFromRaw(recipientKey),
    });
    this.#key = bundleKey(shared, this.ephemeralKey, recipientKey);
  }

  seal(learnerId: string, value: unknown): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(aad(this.deviceId, learnerId));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }
}

/** The hub's side: opens sealed records of one bundle with the hub's X25519 private key. */
export class RosterOpener {
  readonly #key: Buffer;

  constructor(
    privateKey: KeyObject,
    ephemeralKey: string,
    recipientKey: string,
    private readonly deviceId: string,
  ) {
    if (rawPublic(privateKey) !== recipientKey) throw new Error('this roster is sealed to another hub key');
    const shared = diffieHellman({ privateKey, publicKey: x25519PublicFromRaw(ephemeralKey) });
    this.#key = bundleKey(shared, ephemeralKey, recipientKey);
  }

  /** The record, or throws when it was changed, moved to another learner, or sealed with another key. */
  open(learnerId: string, sealed: string): unknown {
    const bytes = Buffer.from(sealed, 'base64');
    if (bytes.length < 12 + 16) throw new Error('sealed record too short');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, 12));
    decipher.setAAD(aad(this.deviceId, learnerId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const plain = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as unknown;
  }
}

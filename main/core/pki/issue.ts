import { randomBytes } from 'node:crypto';
import { keyIdOf, type PrivateKeyFile } from '../packages/keys';
import { signEnvelope } from '../packages/signing';
import {
  CERTIFICATE_TYPE,
  REQUEST_TYPE,
  requestBodySchema,
  requestSchema,
  type Certificate,
  type CertificateBody,
  type CertificateRequest,
  type RequestBody,
  type Right,
  type Role,
} from './format';
import { levelOfScope } from './scope';
import { signatureHolds } from './chain';

/** What the issuer decides when it certifies a key (the request only asks). */
export interface CertificateTerms {
  subjectPublicKey: string;
  role: Role;
  scope: string;
  name: string;
  rights: readonly Right[];
  notBefore: Date;
  notAfter: Date;
  /** Random when left out. */
  serial?: string;
}

/** ISO 8601 to the second, as the formats write times. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Signs a certificate with the issuer's key. It does not check that the terms fit inside the issuer's own
 * certificate: `verifyChain` refuses a chain that widens, and `balai pki issue` checks before it writes.
 */
export function issueCertificate(terms: CertificateTerms, issuer: PrivateKeyFile): Certificate {
  const body: CertificateBody = {
    formatVersion: 1,
    serial: terms.serial ?? randomBytes(8).toString('hex'),
    subject: { keyId: keyIdOf(terms.subjectPublicKey), publicKey: terms.subjectPublicKey },
    role: terms.role,
    scope: terms.scope,
    level: levelOfScope(terms.scope),
    name: terms.name,
    rights: [...terms.rights],
    notBefore: isoSeconds(terms.notBefore),
    notAfter: isoSeconds(terms.notAfter),
  };
  const envelope = signEnvelope(CERTIFICATE_TYPE, body, issuer);
  return { ...envelope, type: CERTIFICATE_TYPE };
}

/** `balai pki request`: an office asks for its key to be certified, signing the request with that key. */
export function makeRequest(
  ask: { role: Role; region: string; name: string; created: Date },
  key: PrivateKeyFile,
): CertificateRequest {
  const body: RequestBody = {
    formatVersion: 1,
    publicKey: key.publicKey,
    role: ask.role,
    level: levelOfScope(ask.region),
    region: ask.region,
    name: ask.name,
    created: isoSeconds(ask.created),
  };
  return { ...signEnvelope(REQUEST_TYPE, body, key), type: REQUEST_TYPE };
}

export type RequestCheck = { ok: true; request: RequestBody; keyId: string } | { ok: false; reason: string };

/** Checks a request's shape and that it is signed by the key it names (never throws). */
export function verifyRequest(value: unknown): RequestCheck {
  const envelope = requestSchema.safeParse(value);
  if (!envelope.success) return { ok: false, reason: 'not a certificate request' };
  const body = requestBodySchema.safeParse(envelope.data.signed);
  if (!body.success)
    return { ok: false, reason: `certificate request is malformed: ${body.error.issues[0]?.message ?? ''}` };
  const keyId = keyIdOf(body.data.publicKey);
  if (envelope.data.keyId !== keyId)
    return { ok: false, reason: 'request is not signed by the key it names' };
  return signatureHolds(body.data.publicKey, envelope.data.signed, envelope.data.signature)
    ? { ok: true, request: body.data, keyId }
    : { ok: false, reason: 'bad signature on the certificate request' };
}

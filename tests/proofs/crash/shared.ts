import { resolve } from 'node:path';

/** What the crash proof's parent and the worker it kills agree on. */
export const RESOURCES = resolve(import.meta.dirname, '..', '..', '..', 'resources');
/** The starter course the worker removes and installs again. */
export const REINSTALLED = 'mengenal-apbdes';
export const CRASH_PASSPHRASE = 'kata sandi uji crash';
/** Cheap key derivation: the proof is about crashes, not about scrypt's cost. */
export const CRASH_KDF = { N: 2 ** 10, r: 8, p: 1 };
export const CRASH_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

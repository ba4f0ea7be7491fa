import { randomBytes, randomInt, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Production cost: about 50 ms on an old dual-core PC, so guessing a 6-digit PIN offline is slow. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/** `scrypt$N$r$p$salt$hash`, all parameters stored so they can be raised later. */
export function hashSecret(secret: string, params: ScryptParams): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32, { ...params, maxmem: 256 * params.N * params.r });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

function parseStored(stored: string) {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || !salt || !hash) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  return {
    salt: Buffer.from(salt, 'base64'),
    expected: Buffer.from(hash, 'base64'),
    options: { ...params, maxmem: 256 * params.N * params.r },
  };
}

/** Synchronous check, for the CLI and one-off work (a backup's passphrase); API calls use `verifySecretAsync`. */
export function verifySecret(secret: string, stored: string): boolean {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const actual = scryptSync(secret, parsed.salt, parsed.expected.length, parsed.options);
  return timingSafeEqual(parsed.expected, actual);
}

/**
 * At most this many scrypt computations at once, on libuv's thread pool: a burst of PIN or recovery-code
 * guesses queues here instead of blocking the event loop (which would stall every other call) or taking
 * every core of an old dual-core PC.
 */
export const SCRYPT_CONCURRENCY = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withScryptSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= SCRYPT_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter, so `running` counts it still.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function scryptAsync(
  secret: string,
  salt: Buffer,
  length: number,
  options: ScryptParams & { maxmem: number },
): Promise<Buffer> {
  return withScryptSlot(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(secret, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

/** `hashSecret` off the event loop (see SCRYPT_CONCURRENCY). */
export async function hashSecretAsync(secret: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, 32, { ...params, maxmem: 256 * params.N * params.r });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** `verifySecret` off the event loop (see SCRYPT_CONCURRENCY). */
export async function verifySecretAsync(secret: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const actual = await scryptAsync(secret, parsed.salt, parsed.expected.length, parsed.options);
  return timingSafeEqual(parsed.expected, actual);
}

/** Crockford-style alphabet: no 0/O, 1/I/L confusion when read aloud or copied by hand. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A recovery code like `7KQ4-M2XH-9RTB-WC3N` (16 symbols, about 79 bits). */
export function newRecoveryCode(): string {
  const symbols = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return symbols.match(/.{4}/g)!.join('-');
}

/** What the operator typed, normalised: upper case, no spaces or dashes. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

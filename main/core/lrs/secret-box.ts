/**
 * How the LRS secret is kept at rest. The core cannot reach the operating system's keychain (it never imports
 * Electron), so the shell hands it a `SecretBox`: under Electron one backed by `safeStorage` (DPAPI on
 * Windows); everywhere else the explicit `plain` box, which stores the secret as it is and says so.
 */

/** A secret as stored: which box wrote it, and its bytes in that box's text form. */
export interface SealedSecret {
  /** `plain` (not protected) or the scheme of a real box, e.g. `electron-safestorage`. */
  scheme: string;
  data: string;
}

export interface SecretBox {
  /** The scheme this box writes. */
  readonly scheme: string;
  /** Seals `plain` for storage. May throw (the shell's keychain failed): callers catch it. */
  protect(plain: string): SealedSecret;
  /** The secret, or null when this box cannot open that scheme (stored by another shell) or the data is bad. */
  unprotect(sealed: SealedSecret): string | null;
}

/** The core's own scheme: the secret in clear text. Status reports it as not protected. */
export const PLAIN_SCHEME = 'plain';

export const plainSecretBox: SecretBox = {
  scheme: PLAIN_SCHEME,
  protect: (plain) => ({ scheme: PLAIN_SCHEME, data: plain }),
  unprotect: (sealed) => (sealed.scheme === PLAIN_SCHEME ? sealed.data : null),
};

/** Opens a stored secret with `box`; a `plain` one opens with any box (set from the CLI, read by the app). */
export function openSecret(box: SecretBox, sealed: SealedSecret): string | null {
  if (sealed.scheme === PLAIN_SCHEME) return sealed.data;
  try {
    return box.unprotect(sealed);
  } catch {
    return null;
  }
}

/** Whether a stored secret is protected by something better than clear text. */
export function isProtected(scheme: string): boolean {
  return scheme !== PLAIN_SCHEME;
}

/**
 * The secret as the operator may see it again: never more than its last two characters, and those only
 * when it is long enough that they give little away. The length is not shown either.
 */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••••${secret.slice(-2)}` : '••••••';
}

import { safeStorage } from 'electron';
import { plainSecretBox, type SecretBox } from '../core/lrs/secret-box';

export const SAFE_STORAGE_SCHEME = 'electron-safestorage';

/**
 * The LRS secret at rest under Electron: safeStorage (DPAPI on Windows, the keychain on macOS, libsecret or
 * kwallet on Linux). Linux without a keyring falls back to a hard-coded key ("basic_text"), which protects
 * nothing: then the plain box, which the operator's screen reports as not protected. Call after `ready`.
 */
export function electronSecretBox(): SecretBox {
  const usable =
    safeStorage.isEncryptionAvailable() &&
    !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  if (!usable) return plainSecretBox;
  return {
    scheme: SAFE_STORAGE_SCHEME,
    protect: (plain) => ({
      scheme: SAFE_STORAGE_SCHEME,
      data: safeStorage.encryptString(plain).toString('base64'),
    }),
    unprotect: (sealed) =>
      sealed.scheme === SAFE_STORAGE_SCHEME
        ? safeStorage.decryptString(Buffer.from(sealed.data, 'base64'))
        : null,
  };
}

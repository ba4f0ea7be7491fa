import { loadKeyFolder, type PrivateKeyFile } from '../packages/keys';
import { rootKeySchema, type RootKey } from './format';

/** The public half of a root key, as the app ships it in resources/keys/roots/<keyId>.json. */
export function rootFromKey(key: PrivateKeyFile, development: boolean): RootKey {
  return {
    formatVersion: 1,
    type: 'balai-root-key',
    keyId: key.keyId,
    name: key.name,
    publicKey: key.publicKey,
    development,
  };
}

/** Reads every root in a folder; a malformed file is reported and never trusted. */
export function loadRoots(dir: string, onBad: (file: string, reason: string) => void = () => {}): RootKey[] {
  return loadKeyFolder(dir, rootKeySchema, onBad);
}

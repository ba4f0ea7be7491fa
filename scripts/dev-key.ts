/** One-off: makes the development publisher key (private half in content/keys, public half trusted in resources). */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPrivateKeyFile, publicHalf } from '../main/core/packages/keys';

const root = join(import.meta.dirname, '..');
const privateFile = join(root, 'content', 'keys', 'dev-publisher.key.json');
if (existsSync(privateFile)) throw new Error(`${privateFile} exists; not replacing it`);
const key = newPrivateKeyFile('Balai Belajar development publisher (NOT for release)');
writeFileSync(privateFile, JSON.stringify(key, null, 2) + '\n');
writeFileSync(
  join(root, 'resources', 'keys', 'publishers', `${key.keyId}.json`),
  JSON.stringify(
    publicHalf(
      key,
      'Development key: signs the starter courses in this repository. Its private half is public; release builds replace it.',
    ),
    null,
    2,
  ) + '\n',
);
console.log(key.keyId);

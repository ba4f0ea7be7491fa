/**
 * The development root of trust. Makes the development root key once (private half in
 * content/keys/dev-root.key.json, public half in resources/keys/roots/ marked `development`), and issues the
 * development publisher's chain (content/keys/dev-publisher.chain.json: national, courses, catalogue and app
 * updates) that signs the starter courses. Both private halves are public: a release refuses them
 * (`npm run release:check`). Run: npx tsx scripts/dev-root.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPrivateKeyFile, privateKeyFileSchema } from '../main/core/packages/keys';
import { chainFile } from '../main/core/pki/format';
import { issueCertificate } from '../main/core/pki/issue';
import { rootFromKey } from '../main/core/pki/roots';

const root = join(import.meta.dirname, '..');
const keys = join(root, 'content', 'keys');
const rootFile = join(keys, 'dev-root.key.json');
if (!existsSync(rootFile)) {
  const key = newPrivateKeyFile('Balai Belajar development root (NOT for release)');
  writeFileSync(rootFile, JSON.stringify(key, null, 2) + '\n');
  mkdirSync(join(root, 'resources', 'keys', 'roots'), { recursive: true });
  writeFileSync(
    join(root, 'resources', 'keys', 'roots', `${key.keyId}.json`),
    JSON.stringify(rootFromKey(key, true), null, 2) + '\n',
  );
}
const read = (file: string) => privateKeyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
const devRoot = read(rootFile);
const publisher = read(join(keys, 'dev-publisher.key.json'));
const certificate = issueCertificate(
  {
    subjectPublicKey: publisher.publicKey,
    role: 'publisher',
    scope: '',
    name: 'Balai Belajar development publisher (NOT for release)',
    rights: ['courses', 'catalogue', 'app-updates'],
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2046-01-01T00:00:00Z'),
    serial: '00000000000000d1',
  },
  devRoot,
);
writeFileSync(
  join(keys, 'dev-publisher.chain.json'),
  JSON.stringify(chainFile([certificate]), null, 2) + '\n',
);
console.log(`development root ${devRoot.keyId}; publisher ${publisher.keyId} certified`);

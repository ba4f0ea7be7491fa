/**
 * Builds the starter course packages: every folder in content/courses is checked, signed with the
 * development publisher key (content/keys/dev-publisher.key.json) and its chain to the development root
 * (dev-publisher.chain.json), and written to resources/courses/<id>.balaicourse. Releases re-sign with the
 * centre's national publisher key and chain, which are never in this repository (docs/trust.md).
 * Run: npm run courses:build
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packCourse } from '../main/core/packages/course-package';
import { privateKeyFileSchema } from '../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../main/core/packages/limits';
import { chainFileSchema } from '../main/core/pki/format';

const root = join(import.meta.dirname, '..');
const key = privateKeyFileSchema.parse(
  JSON.parse(readFileSync(join(root, 'content', 'keys', 'dev-publisher.key.json'), 'utf8')),
);
const { chain } = chainFileSchema.parse(
  JSON.parse(readFileSync(join(root, 'content', 'keys', 'dev-publisher.chain.json'), 'utf8')),
);
const out = join(root, 'resources', 'courses');
// A fixed time keeps the packages byte-stable between builds of the same sources.
const built = new Date('2026-11-01T00:00:00Z');

for (const name of readdirSync(out).filter((n) => n.endsWith('.balaicourse'))) rmSync(join(out, name));
for (const name of readdirSync(join(root, 'content', 'courses')).sort()) {
  const file = join(out, `${name}.balaicourse`);
  const { manifest, files } = await packCourse(
    join(root, 'content', 'courses', name),
    { key, chain },
    file,
    DEFAULT_LIMITS,
    built,
  );
  console.log(`${file}: ${manifest.id} ${manifest.version}, ${files.length} files, signed by ${key.keyId}`);
}

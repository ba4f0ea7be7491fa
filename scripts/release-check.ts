/**
 * `npm run release:check` (run first by `npm run dist`): a release must trust only the centre's roots.
 * Fails when resources/keys/roots holds a development root (marked, or one whose private half is in this
 * repository), holds no root at all, when a private key file would be bundled, or when a bundled starter
 * course is not signed through a chain to one of the release's roots. Usage:
 *   tsx scripts/release-check.ts [--resources DIR]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { privateKeyFileSchema } from '../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../main/core/packages/limits';
import { signedEnvelopeSchema } from '../main/core/packages/signing';
import { readOneEntry } from '../main/core/packages/unzip';
import { walkChain } from '../main/core/pki/chain';
import { loadRoots } from '../main/core/pki/roots';

const REPO = resolve(import.meta.dirname, '..');
/** Where this repository keeps private keys that are public by design. */
const REPO_KEY_DIRS = [join(REPO, 'content', 'keys'), join(REPO, 'tests', 'fixtures', 'keys')];

function filesBelow(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

function privateKeyIn(file: string): string | undefined {
  if (!file.endsWith('.json') || statSync(file).size > 64 * 1024) return undefined;
  try {
    const parsed = privateKeyFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.keyId : undefined;
  } catch {
    return undefined;
  }
}

/** Every reason `resourcesDir` must not ship; empty when it may. */
export async function releaseProblems(resourcesDir: string): Promise<string[]> {
  const problems: string[] = [];
  const repoKeys = new Set(
    REPO_KEY_DIRS.flatMap(filesBelow)
      .map(privateKeyIn)
      .filter((id): id is string => id !== undefined),
  );
  const rootsDir = join(resourcesDir, 'keys', 'roots');
  const roots = loadRoots(rootsDir, (file, reason) =>
    problems.push(`keys/roots/${file}: unreadable (${reason})`),
  );
  if (!roots.length) problems.push('keys/roots holds no root: the app would trust nothing');
  for (const root of roots) {
    if (root.development) problems.push(`keys/roots: ${root.keyId} "${root.name}" is a development root`);
    else if (repoKeys.has(root.keyId))
      problems.push(`keys/roots: ${root.keyId} has its private half in this repository`);
  }
  for (const file of filesBelow(resourcesDir)) {
    const keyId = privateKeyIn(file);
    if (keyId) problems.push(`${relative(resourcesDir, file)}: a private key (${keyId}) would be bundled`);
  }
  const releaseRoots = roots.filter((r) => !r.development && !repoKeys.has(r.keyId));
  for (const file of filesBelow(join(resourcesDir, 'courses')).filter((f) => f.endsWith('.balaicourse'))) {
    const name = relative(resourcesDir, file);
    const bytes = await readOneEntry(file, 'signature.json', DEFAULT_LIMITS.maxManifestBytes);
    const envelope = bytes ? signedEnvelopeSchema.safeParse(JSON.parse(bytes.toString('utf8'))) : undefined;
    if (!envelope?.success) {
      problems.push(`${name}: no readable signature.json`);
      continue;
    }
    const chain = walkChain(envelope.data.chain, {
      roots: releaseRoots,
      revocations: [],
      now: new Date(),
      role: 'publisher',
      right: 'courses',
    });
    if (!chain.ok) problems.push(`${name}: not signed through a release root (${chain.reason}); re-sign it`);
    else if (chain.signerKeyId !== envelope.data.keyId)
      problems.push(`${name}: signed by a key its chain does not certify`);
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { resources: { type: 'string' } } });
  const dir = resolve(values.resources ?? join(REPO, 'resources'));
  const problems = await releaseProblems(dir);
  if (problems.length) {
    console.error(`release:check failed for ${dir}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    console.error(
      'Put the centre\'s root (balai pki init-root) in resources/keys/roots instead of the development root and re-sign the starter courses (docs/trust.md, "Release").',
    );
    process.exitCode = 1;
  } else console.log(`release:check: ${dir} trusts only release roots`);
}

/**
 * Fake app releases in electron-builder's real output format, for the update tests: an installer of random
 * bytes, its blockmap, and latest.yml written by electron-builder's own YAML writer (builder-util's
 * `serializeToYaml`, what app-builder-lib uses) with the installer's sha512 in base64 and its size, as
 * `createUpdateInfo` in app-builder-lib/out/publish/updateInfoBuilder.js writes them for NSIS.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { privateKeyFileSchema } from '../../main/core/packages/keys';
import { certify } from './pki';
import { channelFileName } from '../../main/core/updates/latest-yml';
import { signUpdateFolder } from '../../main/core/updates/sign';
import type { UpdatePlatform } from '../../main/core/updates/update-format';
import { channelOfVersion, parseSemver } from '../../main/core/updates/version';

const require = createRequire(import.meta.url);
const { serializeToYaml } = require('builder-util') as { serializeToYaml: (value: unknown) => string };

const KEYS = resolve(import.meta.dirname, '..', 'fixtures', 'keys');
export const PUBLISHER_KEY = privateKeyFileSchema.parse(
  JSON.parse(readFileSync(join(KEYS, 'fixture-publisher.key.json'), 'utf8')),
);
/** The fixture publisher certified by the development root (national, courses, catalogue, app updates). */
export const PUBLISHER = certify(PUBLISHER_KEY);

export const installerName = (version: string, platform: UpdatePlatform = 'win32') =>
  platform === 'win32' ? `balai-belajar-setup-${version}.exe` : `balai-belajar-${version}.AppImage`;

/** electron-builder's update info for one installer. */
export function updateInfoYaml(
  installer: string,
  bytes: Buffer,
  version: string,
  releaseDate = new Date(),
): string {
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  return serializeToYaml({
    version,
    files: [{ url: installer, sha512, size: bytes.length }],
    path: installer,
    sha512,
    releaseDate: releaseDate.toISOString(),
  });
}

/**
 * Writes one release into `dir` the way `electron-builder --win nsis` leaves it: installer, blockmap and
 * the channel file of the version's channel (latest.yml for 1.2.3, beta.yml for 1.3.0-beta.1).
 */
export function writeRelease(
  dir: string,
  version: string,
  options: { platform?: UpdatePlatform; size?: number } = {},
): { installer: string; bytes: Buffer; channelFile: string } {
  const platform = options.platform ?? 'win32';
  mkdirSync(dir, { recursive: true });
  const installer = installerName(version, platform);
  const bytes = randomBytes(options.size ?? 200_000);
  writeFileSync(join(dir, installer), bytes);
  // A real blockmap is gzipped JSON; its content does not matter to these tests, only that it is signed.
  writeFileSync(join(dir, `${installer}.blockmap`), randomBytes(1_000));
  const channelFile = channelFileName(channelOfVersion(parseSemver(version)!), platform);
  writeFileSync(join(dir, channelFile), updateInfoYaml(installer, bytes, version));
  return { installer, bytes, channelFile };
}

/** A release written and signed by the fixture publisher: a complete update folder. */
export async function writeSignedRelease(
  dir: string,
  version: string,
  options: { platform?: UpdatePlatform; size?: number } = {},
) {
  const release = writeRelease(dir, version, options);
  const signed = await signUpdateFolder(
    dir,
    PUBLISHER,
    options.platform ?? 'win32',
    new Date('2026-11-20T10:00:00Z'),
  );
  if (!signed.ok) throw new Error(signed.message);
  return release;
}

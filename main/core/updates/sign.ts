import { join } from 'node:path';
import { writeFileDurably } from '../files/fsutil';
import type { Signer } from '../pki/trust';
import { signEnvelope, type FileEntry } from '../packages/signing';
import { digestFile, lstatOrUndefined, readSmallFile } from './hashing';
import { channelFileName, MAX_UPDATE_INFO_BYTES, parseUpdateInfo } from './latest-yml';
import {
  UPDATE_SIGNATURE_FILE,
  UPDATE_SIGNATURE_TYPE,
  type Checked,
  type SignedRelease,
  type SignedUpdate,
  type UpdatePlatform,
} from './update-format';
import { parseSemver, UPDATE_CHANNELS } from './version';

/**
 * `balai update sign`: signs what electron-builder put in its output folder for one platform. Every channel
 * file found (`latest.yml`, `beta.yml`, … or `latest-linux.yml`, …) becomes a release; its installer and
 * the installer's `.blockmap` (when there is one) are listed with size and SHA-256. Refuses a folder whose
 * channel file does not match its installer (sha512, size), so a broken release is never signed.
 * Writes signature.json into the folder (temp file, fsync, rename).
 */
export async function signUpdateFolder(
  dir: string,
  signer: Signer,
  platform: UpdatePlatform,
  now: Date,
): Promise<Checked<{ signed: SignedUpdate }>> {
  const releases: SignedRelease[] = [];
  const files = new Map<string, FileEntry>();
  const add = async (name: string): Promise<string | null> => {
    if (files.has(name)) return files.get(name)!.sha256;
    const stat = lstatOrUndefined(join(dir, name));
    if (!stat?.isFile()) return null;
    const d = await digestFile(join(dir, name));
    files.set(name, { path: name, size: d.size, sha256: d.sha256 });
    return d.sha512;
  };
  for (const channel of UPDATE_CHANNELS) {
    const channelFile = channelFileName(channel, platform);
    const bytes = readSmallFile(join(dir, channelFile), MAX_UPDATE_INFO_BYTES);
    if (!bytes) continue;
    const parsed = parseUpdateInfo(bytes);
    if (!parsed.ok) return { ok: false, code: 'malformed', message: `${channelFile}: ${parsed.reason}` };
    const { installer } = parsed;
    if (!parseSemver(installer.version))
      return {
        ok: false,
        code: 'bad_version',
        message: `${channelFile}: "${installer.version}" is not a version`,
      };
    await add(channelFile);
    const stat = lstatOrUndefined(join(dir, installer.url));
    if (!stat?.isFile())
      return {
        ok: false,
        code: 'missing_file',
        message: `${installer.url} (named in ${channelFile}) is missing`,
      };
    if (installer.size !== null && installer.size !== stat.size)
      return {
        ok: false,
        code: 'mismatch',
        message: `${installer.url} has ${stat.size} bytes, ${channelFile} says ${installer.size}`,
      };
    const sha512 = await add(installer.url);
    if (sha512 !== installer.sha512)
      return {
        ok: false,
        code: 'mismatch',
        message: `the sha512 of ${installer.url} is not the one ${channelFile} gives`,
      };
    await add(`${installer.url}.blockmap`);
    releases.push({ channel, version: installer.version, channelFile, installer: installer.url });
  }
  if (releases.length === 0)
    return {
      ok: false,
      code: 'missing_file',
      message: `no update info for ${platform} in ${dir} (looked for ${UPDATE_CHANNELS.map((c) => channelFileName(c, platform)).join(', ')})`,
    };
  const signed: SignedUpdate = {
    platform,
    createdAt: now.toISOString(),
    releases,
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  const envelope = signEnvelope(UPDATE_SIGNATURE_TYPE, signed, signer.key, signer.chain);
  writeFileDurably(join(dir, UPDATE_SIGNATURE_FILE), Buffer.from(JSON.stringify(envelope, null, 2) + '\n'));
  return { ok: true, signed };
}

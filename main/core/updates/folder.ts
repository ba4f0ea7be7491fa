import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Publisher, Trust } from '../pki/trust';
import type { InstallerFacts } from './policy';
import { copyAndDigest, digestFile, lstatOrUndefined, readSmallFile } from './hashing';
import {
  checkChannelFile,
  MAX_UPDATE_SIGNATURE_BYTES,
  pickRelease,
  UPDATE_SIGNATURE_FILE,
  verifyUpdateSignature,
  type Checked,
  type SignedRelease,
  type SignedUpdate,
  type UpdatePlatform,
} from './update-format';
import { MAX_UPDATE_INFO_BYTES } from './latest-yml';
import type { UpdateChannel } from './version';

/** What a kiosk asks of an update folder. Without `running`, any version counts (signing, a hub). */
export interface UpdateWant {
  trust: Trust;
  platform: UpdatePlatform;
  channel: UpdateChannel;
  running?: string;
}

/** An update folder that passed every check: what may be served to electron-updater. */
export interface VerifiedUpdate {
  dir: string;
  signed: SignedUpdate;
  key: Publisher;
  /** The release this kiosk would install (see `pickRelease`). */
  release: SignedRelease;
  installer: InstallerFacts;
  /** The signed files plus signature.json: all that is served or copied. */
  files: string[];
}

/**
 * Checks an update folder completely: signature.json is a `balai-update` envelope by a trusted publisher
 * key; every signed file is there as a regular file with its signed size and SHA-256; a release fits this
 * kiosk (platform, channel, strictly newer); its channel file (latest.yml) names that version and installer;
 * and the installer's SHA-512 equals the one in the channel file (what electron-updater will check).
 */
export async function verifyUpdateFolder(
  dir: string,
  want: UpdateWant,
): Promise<Checked<{ update: VerifiedUpdate }>> {
  const sigPath = join(dir, UPDATE_SIGNATURE_FILE);
  const sigStat = lstatOrUndefined(sigPath);
  if (sigStat && (!sigStat.isFile() || sigStat.size > MAX_UPDATE_SIGNATURE_BYTES))
    return { ok: false, code: 'malformed', message: `${UPDATE_SIGNATURE_FILE} is not a small regular file` };
  const signature = verifyUpdateSignature(readSmallFile(sigPath, MAX_UPDATE_SIGNATURE_BYTES), want.trust);
  if (!signature.ok) return signature;
  const { signed, key } = signature;
  const picked = pickRelease(signed, want);
  if (!picked.ok) return picked;
  const sha512ByFile = new Map<string, string>();
  for (const entry of signed.files) {
    const path = join(dir, entry.path);
    const stat = lstatOrUndefined(path);
    if (!stat) return { ok: false, code: 'missing_file', message: `${entry.path} is missing` };
    if (!stat.isFile())
      return { ok: false, code: 'tampered', message: `${entry.path} is not a regular file` };
    if (stat.size !== entry.size)
      return {
        ok: false,
        code: 'tampered',
        message: `${entry.path} has ${stat.size} bytes, signed ${entry.size}`,
      };
    let digests;
    try {
      digests = await digestFile(path, entry.size);
    } catch (error) {
      return { ok: false, code: 'tampered', message: `${entry.path} could not be read: ${String(error)}` };
    }
    if (digests.sha256 !== entry.sha256)
      return { ok: false, code: 'tampered', message: `${entry.path} was changed after it was signed` };
    sha512ByFile.set(entry.path, digests.sha512);
  }
  const release = picked.release;
  const channel = checkChannelFile(
    signed,
    release,
    readSmallFile(join(dir, release.channelFile), MAX_UPDATE_INFO_BYTES),
  );
  if (!channel.ok) return channel;
  if (sha512ByFile.get(release.installer) !== channel.installer.sha512)
    return {
      ok: false,
      code: 'mismatch',
      message: `the sha512 of ${release.installer} is not the one ${release.channelFile} gives`,
    };
  return {
    ok: true,
    update: {
      dir,
      signed,
      key,
      release,
      installer: channel.installer,
      files: [UPDATE_SIGNATURE_FILE, ...signed.files.map((f) => f.path)],
    },
  };
}

/**
 * Copies an update folder (from a stick) into `dest`, only the files its signature lists and never more
 * bytes than it gives for each, then checks the copy. What was checked is what gets served, even if the
 * stick is pulled or its files change afterwards. On refusal `dest` is removed.
 */
export async function stageUpdateFolder(
  src: string,
  dest: string,
  want: UpdateWant,
): Promise<Checked<{ update: VerifiedUpdate }>> {
  const signatureBytes = readSmallFile(join(src, UPDATE_SIGNATURE_FILE), MAX_UPDATE_SIGNATURE_BYTES);
  const signature = verifyUpdateSignature(signatureBytes, want.trust);
  if (!signature.ok) return signature;
  const picked = pickRelease(signature.signed, want);
  if (!picked.ok) return picked;
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  try {
    await copyAndDigest(
      join(src, UPDATE_SIGNATURE_FILE),
      join(dest, UPDATE_SIGNATURE_FILE),
      MAX_UPDATE_SIGNATURE_BYTES,
    );
    for (const entry of signature.signed.files) {
      const from = join(src, entry.path);
      const stat = lstatOrUndefined(from);
      if (!stat)
        return cleanup(dest, { ok: false, code: 'missing_file', message: `${entry.path} is missing` });
      if (!stat.isFile())
        return cleanup(dest, { ok: false, code: 'tampered', message: `${entry.path} is not a regular file` });
      try {
        await copyAndDigest(from, join(dest, entry.path), entry.size);
      } catch (error) {
        return cleanup(dest, {
          ok: false,
          code: 'tampered',
          message: `${entry.path} could not be copied: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    const verified = await verifyUpdateFolder(dest, want);
    return verified.ok ? verified : cleanup(dest, verified);
  } catch (error) {
    return cleanup(dest, {
      ok: false,
      code: 'missing_file',
      message: `the update could not be copied: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

function cleanup<T>(dest: string, outcome: T): T {
  rmSync(dest, { recursive: true, force: true });
  return outcome;
}

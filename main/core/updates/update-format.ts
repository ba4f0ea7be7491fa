import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseJsonLimited } from '../packages/canonical';
import { describeIssues } from '../packages/issues';
import { fileEntrySchema, signedEnvelopeSchema, type FileEntry } from '../packages/signing';
import { verifyPublished, type Publisher, type Trust } from '../pki/trust';
import { channelFileName, parseUpdateInfo } from './latest-yml';
import { vetVersion, type InstallerFacts, type Refusal } from './policy';
import { compareSemver, parseSemver, UPDATE_CHANNELS, type UpdateChannel } from './version';

/** Envelope type of an update folder's signature.json. */
export const UPDATE_SIGNATURE_TYPE = 'balai-update';
export const UPDATE_SIGNATURE_FILE = 'signature.json';
export const MAX_UPDATE_SIGNATURE_BYTES = 64 * 1024;

export const UPDATE_PLATFORMS = ['win32', 'linux'] as const;
export type UpdatePlatform = (typeof UPDATE_PLATFORMS)[number];

/** A file name in an update folder: the folder is flat, as electron-builder's output and a feed are. */
export const updateFileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/, 'a plain file name')
  .refine((n) => n !== '.' && n !== '..' && !/[. ]$/.test(n), 'a plain file name');

/** One release in the folder: the channel file electron-updater reads and the installer it names. */
export const signedReleaseSchema = z.strictObject({
  channel: z.enum(UPDATE_CHANNELS),
  version: z.string().min(1).max(64),
  channelFile: updateFileName,
  installer: updateFileName,
});
export type SignedRelease = z.infer<typeof signedReleaseSchema>;

/**
 * What the publisher signs over an update folder (format version 1, in a `balai-update` envelope): the
 * platform, each release it holds (one per channel) and every file (channel files, installers, blockmaps)
 * with its size and SHA-256. Anything else in the folder is neither trusted nor served.
 */
export const signedUpdateSchema = z.strictObject({
  platform: z.enum(UPDATE_PLATFORMS),
  createdAt: z.string().max(40),
  releases: z.array(signedReleaseSchema).min(1).max(UPDATE_CHANNELS.length),
  files: z
    .array(fileEntrySchema.extend({ path: updateFileName }))
    .min(2)
    .max(20),
});
export type SignedUpdate = z.infer<typeof signedUpdateSchema>;

export type Checked<T> = ({ ok: true } & T) | ({ ok: false } & Refusal);

const refuse = (code: Refusal['code'], message: string): { ok: false } & Refusal => ({
  ok: false,
  code,
  message,
});

/** Parses and verifies signature.json: a `balai-update` envelope by a trusted key, well-formed inside. */
export function verifyUpdateSignature(
  bytes: Buffer | null,
  trust: Trust,
): Checked<{ signed: SignedUpdate; key: Publisher }> {
  if (bytes === null) return refuse('unsigned', `the update has no ${UPDATE_SIGNATURE_FILE}`);
  const json = parseJsonLimited(bytes, UPDATE_SIGNATURE_FILE, {
    maxBytes: MAX_UPDATE_SIGNATURE_BYTES,
    maxDepth: 8,
  });
  if (!json.ok) return refuse('malformed', json.reason);
  const envelope = signedEnvelopeSchema.safeParse(json.value);
  if (!envelope.success)
    return refuse('malformed', `${UPDATE_SIGNATURE_FILE}: ${describeIssues(envelope.error.issues)}`);
  const verified = verifyPublished(envelope.data, UPDATE_SIGNATURE_TYPE, trust, 'app-updates');
  if (!verified.ok) return refuse('bad_signature', verified.reason);
  const signed = signedUpdateSchema.safeParse(envelope.data.signed);
  if (!signed.success) return refuse('malformed', `signed update: ${describeIssues(signed.error.issues)}`);
  const problem = consistency(signed.data);
  if (problem) return refuse('malformed', problem);
  return { ok: true, signed: signed.data, key: verified.publisher };
}

function consistency(signed: SignedUpdate): string | null {
  const paths = signed.files.map((f) => f.path.toLowerCase());
  if (new Set(paths).size !== paths.length) return 'a file is listed twice';
  if (paths.includes(UPDATE_SIGNATURE_FILE)) return `${UPDATE_SIGNATURE_FILE} cannot sign itself`;
  const channels = signed.releases.map((r) => r.channel);
  if (new Set(channels).size !== channels.length) return 'a channel is listed twice';
  for (const r of signed.releases) {
    if (r.channelFile !== channelFileName(r.channel, signed.platform))
      return `the ${r.channel} channel on ${signed.platform} is read from ${channelFileName(r.channel, signed.platform)}, not ${r.channelFile}`;
    for (const name of [r.channelFile, r.installer])
      if (!signed.files.some((f) => f.path === name)) return `${name} is not among the signed files`;
  }
  return null;
}

/**
 * The release a kiosk would install: on its platform, on a channel it follows, strictly newer than
 * the running version; the newest if several are. `only` narrows to one channel (an online feed, where
 * electron-updater reads the followed channel's file). Without `running`, any version counts.
 */
export function pickRelease(
  signed: SignedUpdate,
  want: { platform: UpdatePlatform; channel: UpdateChannel; running?: string; only?: UpdateChannel },
): Checked<{ release: SignedRelease }> {
  if (signed.platform !== want.platform)
    return refuse(
      'other_platform',
      `the update is for ${signed.platform}, this computer is ${want.platform}`,
    );
  const candidates = want.only ? signed.releases.filter((r) => r.channel === want.only) : signed.releases;
  if (candidates.length === 0)
    return refuse('other_channel', `the update has no release on the ${want.only} channel`);
  let best: SignedRelease | null = null;
  let firstRefusal: Refusal | null = null;
  for (const release of candidates) {
    const refusal = vetVersion(release.version, want.running ?? '0.0.0-0', want.channel);
    // Without a running version, "not newer" cannot happen except for 0.0.0-0 itself.
    if (refusal) {
      firstRefusal ??= refusal;
      continue;
    }
    if (!best || compareSemver(parseSemver(release.version)!, parseSemver(best.version)!) > 0) best = release;
  }
  if (!best) return { ok: false, ...(firstRefusal ?? { code: 'other_channel', message: 'no release fits' }) };
  return { ok: true, release: best };
}

/** The signed entry for a file name, if the publisher listed it. */
export function signedEntry(signed: SignedUpdate, path: string): FileEntry | undefined {
  return signed.files.find((f) => f.path === path);
}

/** Checks a channel file's bytes against its signed entry, parses it, and matches it to the release. */
export function checkChannelFile(
  signed: SignedUpdate,
  release: SignedRelease,
  bytes: Buffer | null,
): Checked<{ installer: InstallerFacts }> {
  const entry = signedEntry(signed, release.channelFile)!;
  if (bytes === null) return refuse('missing_file', `${release.channelFile} is missing`);
  if (bytes.length !== entry.size || createHash('sha256').update(bytes).digest('hex') !== entry.sha256)
    return refuse('tampered', `${release.channelFile} was changed after it was signed`);
  const parsed = parseUpdateInfo(bytes);
  if (!parsed.ok) return refuse('malformed', parsed.reason);
  if (parsed.installer.version !== release.version)
    return refuse(
      'malformed',
      `${release.channelFile} is for ${parsed.installer.version}, the signature says ${release.version}`,
    );
  if (parsed.installer.url !== release.installer)
    return refuse(
      'malformed',
      `${release.channelFile} names ${parsed.installer.url}, the signature says ${release.installer}`,
    );
  const installerEntry = signedEntry(signed, release.installer)!;
  if (parsed.installer.size !== null && parsed.installer.size !== installerEntry.size)
    return refuse(
      'malformed',
      `${release.channelFile} gives another size for ${release.installer} than the signature`,
    );
  return { ok: true, installer: { ...parsed.installer, size: installerEntry.size } };
}

import { createRequire } from 'node:module';
import { z } from 'zod';
import { describeIssues } from '../packages/issues';
import type { InstallerFacts } from './policy';

// js-yaml is what electron-updater parses latest.yml with, so both read the same file the same way; it is a
// dependency of the app in its own right (the packaged app must carry it). It ships no types: the two calls
// used are typed here.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as {
  load(text: string, options?: { json?: boolean }): unknown;
};

/** latest.yml is a few hundred bytes; anything near this is not one. */
export const MAX_UPDATE_INFO_BYTES = 64 * 1024;

const sha512Base64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'sha512 must be 64 bytes in base64');
const fileName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/, 'a plain file name')
  .refine((name) => name !== '.' && name !== '..', 'a plain file name');

/**
 * electron-updater's update info (`latest.yml`, `beta.yml`, `latest-linux.yml`) as electron-builder writes
 * it: `version`, `files` (url, sha512 base64, size), the deprecated `path` and `sha512` of the first file,
 * `releaseDate`. Unknown keys (release notes, staging percentage) are allowed and ignored.
 */
export const updateInfoSchema = z.looseObject({
  version: z.string().min(1).max(64),
  files: z
    .array(
      z.looseObject({
        url: fileName,
        sha512: sha512Base64,
        size: z.number().int().min(0).optional(),
      }),
    )
    .min(1)
    .max(20),
  path: fileName.optional(),
  sha512: sha512Base64.optional(),
  releaseDate: z.union([z.string().max(64), z.date()]).optional(),
});
export type UpdateInfoFile = z.infer<typeof updateInfoSchema>;

/** The update info file a channel uses on a platform (electron-updater's names). */
export function channelFileName(channel: string, platform: 'win32' | 'linux'): string {
  return platform === 'linux' ? `${channel}-linux.yml` : `${channel}.yml`;
}

export type ParsedUpdateInfo =
  { ok: true; info: UpdateInfoFile; installer: InstallerFacts } | { ok: false; reason: string };

/**
 * Parses update-info YAML and names its installer: the first of `files` (what electron-updater downloads),
 * which the deprecated `path`/`sha512` must agree with when present.
 */
export function parseUpdateInfo(bytes: Buffer): ParsedUpdateInfo {
  if (bytes.length > MAX_UPDATE_INFO_BYTES)
    return { ok: false, reason: `update info is too large (${bytes.length} bytes)` };
  let raw: unknown;
  try {
    raw = yaml.load(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return {
      ok: false,
      reason: `update info is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
  const parsed = updateInfoSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, reason: `update info is malformed: ${describeIssues(parsed.error.issues)}` };
  const info = parsed.data;
  const first = info.files[0]!;
  if (info.path !== undefined && info.path !== first.url)
    return { ok: false, reason: 'update info names two different installers (path and files)' };
  if (info.sha512 !== undefined && info.sha512 !== first.sha512)
    return { ok: false, reason: 'update info gives two different sha512 for the installer' };
  return {
    ok: true,
    info,
    installer: { version: info.version, url: first.url, sha512: first.sha512, size: first.size ?? null },
  };
}

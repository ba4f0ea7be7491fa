import type { Trust } from '../pki/trust';
import { fetchSmall, type FetchFn } from './http';
import { MAX_UPDATE_INFO_BYTES } from './latest-yml';
import type { InstallerFacts, Refusal } from './policy';
import {
  checkChannelFile,
  MAX_UPDATE_SIGNATURE_BYTES,
  pickRelease,
  UPDATE_SIGNATURE_FILE,
  verifyUpdateSignature,
  type SignedRelease,
  type UpdatePlatform,
} from './update-format';
import type { UpdateChannel } from './version';

export type FeedOutcome =
  /** The feed's signed release for this kiosk's channel is newer: what electron-updater must be offered. */
  | { ok: true; release: SignedRelease; installer: InstallerFacts; keyId: string }
  /** No server answered: there is no real connection now. */
  | { ok: false; offline: true; message: string }
  /** A server answered and the update was refused or could not be read. */
  | ({ ok: false; offline: false } & Refusal);

export interface FeedRequest {
  fetch: FetchFn;
  /** The feed's base URL (a folder: latest.yml, signature.json and the installers are inside it). */
  url: string;
  trust: Trust;
  platform: UpdatePlatform;
  channel: UpdateChannel;
  running: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** `name` inside the feed folder (a base URL without a trailing slash is still a folder). */
export function feedFileUrl(base: string, name: string): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL(encodeURIComponent(name), url).toString();
}

/**
 * Looks at an update feed before electron-updater does: fetches its signature.json (this request is also
 * what decides whether a real connection exists), verifies it, picks the release of the followed channel
 * (the channel file electron-updater will read), fetches that file and checks it against the signature.
 * Only a newer, signed, matching release comes back as ok.
 */
export async function readUpdateFeed(request: FeedRequest): Promise<FeedOutcome> {
  const get = (name: string, maxBytes: number) =>
    fetchSmall(request.fetch, feedFileUrl(request.url, name), {
      maxBytes,
      timeoutMs: request.timeoutMs ?? 30_000,
      signal: request.signal,
    });
  const sig = await get(UPDATE_SIGNATURE_FILE, MAX_UPDATE_SIGNATURE_BYTES);
  if (!sig.ok)
    return sig.offline ? sig : { ok: false, offline: false, code: 'http_error', message: sig.message };
  if (sig.status === 404)
    return {
      ok: false,
      offline: false,
      code: 'unsigned',
      message: `the feed has no ${UPDATE_SIGNATURE_FILE}`,
    };
  if (sig.status !== 200)
    return {
      ok: false,
      offline: false,
      code: 'http_error',
      message: `the feed answered HTTP ${sig.status} for ${UPDATE_SIGNATURE_FILE}`,
    };
  const signature = verifyUpdateSignature(sig.bytes, request.trust);
  if (!signature.ok) return { ...signature, offline: false };
  const picked = pickRelease(signature.signed, {
    platform: request.platform,
    channel: request.channel,
    running: request.running,
    only: request.channel,
  });
  if (!picked.ok) return { ...picked, offline: false };
  const file = await get(picked.release.channelFile, MAX_UPDATE_INFO_BYTES);
  if (!file.ok)
    return file.offline ? file : { ok: false, offline: false, code: 'http_error', message: file.message };
  if (file.status !== 200)
    return {
      ok: false,
      offline: false,
      code: file.status === 404 ? 'missing_file' : 'http_error',
      message: `the feed answered HTTP ${file.status} for ${picked.release.channelFile}`,
    };
  const checked = checkChannelFile(signature.signed, picked.release, file.bytes);
  if (!checked.ok) return { ...checked, offline: false };
  return { ok: true, release: picked.release, installer: checked.installer, keyId: signature.key.keyId };
}

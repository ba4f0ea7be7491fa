import { UPDATE_CHANNELS, type UpdateChannel } from '../../api/updates';
/**
 * App versions as electron-builder and electron-updater read them: SemVer 2.0.0 (`1.4.0`, `1.5.0-beta.2`).
 * A pre-release's first identifier names its update channel, as electron-builder does when it writes
 * `beta.yml` for `1.5.0-beta.2`; a plain release belongs to `latest`.
 */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (`['beta', 2]`); empty for a release. */
  pre: (string | number)[];
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parses a version; null when it is not SemVer 2.0.0 (or longer than any real version). */
export function parseSemver(text: string): SemVer | null {
  if (text.length > 64) return null;
  const m = SEMVER.exec(text);
  if (!m) return null;
  const nums = [m[1], m[2], m[3]].map(Number);
  if (nums.some((n) => !Number.isSafeInteger(n))) return null;
  return {
    major: nums[0]!,
    minor: nums[1]!,
    patch: nums[2]!,
    pre: m[4] ? m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id)) : [],
  };
}

/** SemVer precedence: negative if a < b, 0 if equal (build metadata ignored), positive if a > b. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] - b[key];
  }
  // A release is newer than any of its pre-releases.
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.max(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    // Numeric identifiers sort before alphanumeric ones.
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** True when `candidate` is strictly newer than `running`; false when either is not SemVer. */
export function isNewerVersion(candidate: string, running: string): boolean {
  const c = parseSemver(candidate);
  const r = parseSemver(running);
  return c !== null && r !== null && compareSemver(c, r) > 0;
}

/** The channels a kiosk may follow, most stable first. */
export { UPDATE_CHANNELS, type UpdateChannel };

export function isUpdateChannel(value: unknown): value is UpdateChannel {
  return typeof value === 'string' && (UPDATE_CHANNELS as readonly string[]).includes(value);
}

/** The channel a version is published on: `latest` for a release, else its first pre-release identifier. */
export function channelOfVersion(version: SemVer): string {
  const first = version.pre[0];
  return first === undefined ? 'latest' : String(first).toLowerCase();
}

/**
 * Whether a kiosk following `followed` takes a version from `published`: `latest` takes releases only,
 * `beta` takes beta and releases, `alpha` takes all three (electron-updater's channel rule). Any other
 * pre-release tag (`rc`, `dev`, a typo) is taken by no one.
 */
export function channelAccepts(followed: UpdateChannel, published: string): boolean {
  const rank = (UPDATE_CHANNELS as readonly string[]).indexOf(published);
  return rank >= 0 && rank <= UPDATE_CHANNELS.indexOf(followed);
}

/** Where a wrapped package's own files live inside the signed course. */
export const SCORM_ROOT = 'scorm';

/**
 * The imsmanifest.xml of a raw package: at the root, or (exports from some tools) in one folder below it.
 * The shallowest wins; undefined when there is none.
 */
export function findManifest(names: readonly string[]): string | undefined {
  const found = names
    .map((n) => n.replace(/\\/g, '/'))
    .filter((n) => /(^|\/)imsmanifest\.xml$/i.test(n) && !n.startsWith('__MACOSX/'))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return found[0];
}

const PLAIN = /[A-Za-z0-9.-]/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A package file name as stored: every character outside `A-Z a-z 0-9 . -` (the underscore included, so the
 * mapping is one-to-one) becomes `_` and its UTF-8 bytes in hex, per path segment, after NFC. Spaces,
 * non-ASCII letters and odd punctuation of real exports keep working: the SCO server applies the same
 * mapping to each requested path, so the package's own references find their files unchanged.
 */
export function storedSegment(segment: string): string {
  let out = '';
  for (const ch of segment.normalize('NFC')) {
    if (PLAIN.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `_${byte.toString(16).padStart(2, '0')}`;
  }
  // Windows drops a trailing dot and refuses device names: keep both distinct and storable.
  if (out.endsWith('.')) out = `${out.slice(0, -1)}_2e`;
  if (WINDOWS_DEVICE.test(out)) out = `_${out.charCodeAt(0).toString(16)}${out.slice(1)}`;
  return out;
}

/** A relative path inside the package (forward slashes, no `.`/`..`) as stored under `scorm/`. */
export function storedPath(relative: string): string {
  return [SCORM_ROOT, ...relative.split('/').map(storedSegment)].join('/');
}

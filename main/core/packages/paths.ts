/**
 * Names allowed inside a package: relative, forward slashes, a small safe alphabet, no `.`/`..`
 * segments, no Windows device names. Returns the reason a name is refused, or null.
 */
const SAFE = /^[A-Za-z0-9._/-]+$/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

export function unsafePathReason(name: string, maxLength: number): string | null {
  if (name.length === 0) return 'empty name';
  if (name.length > maxLength) return `name longer than ${maxLength} characters`;
  if (name.includes('\\')) return `backslash in "${printable(name)}"`;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `absolute path "${printable(name)}"`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control character in a name';
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..')) return `path escape "${printable(name)}"`;
  if (parts.some((p) => p === '.' || p === '')) return `odd path "${printable(name)}"`;
  if (!SAFE.test(name)) return `character not allowed in "${printable(name)}" (use A-Z a-z 0-9 . _ - /)`;
  if (parts.some((p) => WINDOWS_DEVICE.test(p))) return `reserved Windows name in "${printable(name)}"`;
  return null;
}

function printable(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}

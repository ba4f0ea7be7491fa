import { BUNDLE_EXTENSION } from './format';

/**
 * Where bundles go on a stick, with names any FAT32 stick and Windows accept: ASCII letters, digits, `-` and
 * `_` only (no spaces, no dots but the extension's, no reserved device names).
 */

/** `BalaiBelajar/33_02_05_2001`: the kiosk's folder on a stick (certificates go below it too). */
export function desaFolder(desaCode: string): string {
  return `BalaiBelajar/${desaCode.replace(/\./g, '_')}`;
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** A desa name as a file name part: accents dropped, anything else but letters and digits becomes `_`. */
export function safeNamePart(name: string, fallback = 'desa'): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
    .replace(/_+$/, '');
  return ascii === '' || WINDOWS_DEVICE.test(ascii) ? fallback : ascii;
}

/** `20261101` from a kiosk timestamp (the kiosk's local date, as written in it). */
export function compactDate(iso: string): string {
  return iso.slice(0, 10).replace(/-/g, '');
}

/** `Adisana-20261101-0003`: desa, date, bundle sequence (at least four digits, so names sort). */
export function bundleBaseName(desaName: string, createdAt: string, bundleSeq: number): string {
  return `${safeNamePart(desaName)}-${compactDate(createdAt)}-${String(bundleSeq).padStart(4, '0')}`;
}

/**
 * The name a kiosk's bundle gets on a stick: `Adisana-20261101-0003`, or, when that name is already taken by
 * another bundle (a second kiosk of the same desa exported the same day with the same sequence, or a kiosk
 * restored from a backup re-used a sequence), the same name with the first eight characters of this device's
 * id: `Adisana-20261101-0003-3f2a9c1b`. A bundle on a stick is never overwritten by another.
 */
export function kioskBundleBase(
  base: string,
  deviceId: string,
  taken: (fileName: string) => boolean,
): string {
  if (!taken(`${base}${BUNDLE_EXTENSION}`)) return base;
  const device =
    deviceId
      .replace(/[^0-9a-zA-Z]/g, '')
      .slice(0, 8)
      .toLowerCase() || 'perangkat';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${base}-${device}` : `${base}-${device}-${n}`;
    if (!taken(`${candidate}${BUNDLE_EXTENSION}`)) return candidate;
  }
}

export function bundleFileName(desaName: string, createdAt: string, bundleSeq: number): string {
  return `${bundleBaseName(desaName, createdAt, bundleSeq)}${BUNDLE_EXTENSION}`;
}

/** The human-readable summary beside the bundle `base`. */
export function summaryFileName(base: string): string {
  return `${base}-ringkasan.xlsx`;
}

/** Temp files the export writes next to its targets: never a name a reader looks for. */
export const TEMP_FILE = /\.(balaibundle|xlsx)\.[0-9a-f]{8}\.tmp$/;

/**
 * Region scopes: a Kemendagri code prefix. `""` is national, `33` a provinsi, `33.05` a kabupaten/kota,
 * `33.05.01` a kecamatan, `33.05.01.2001` a desa. A scope covers itself and every code below it.
 */

export const LEVELS = ['pusat', 'provinsi', 'kabupaten', 'kecamatan', 'desa'] as const;
/** The office level a certificate speaks for; it follows from the depth of its scope. */
export type Level = (typeof LEVELS)[number];

/** `""`, `NN`, `NN.NN`, `NN.NN.NN` or `NN.NN.NN.NNNN`. */
export const SCOPE_PATTERN = /^(|\d{2}|\d{2}\.\d{2}|\d{2}\.\d{2}\.\d{2}|\d{2}\.\d{2}\.\d{2}\.\d{4})$/;

export function isScope(code: string): boolean {
  return SCOPE_PATTERN.test(code);
}

/** The level of a scope: national for `""`, provinsi for two digits, and so on down to desa. */
export function levelOfScope(scope: string): Level {
  return scope === '' ? 'pusat' : LEVELS[scope.split('.').length]!;
}

/** Whether `outer` covers `inner` (a scope or a desa code): equal, or `inner` lies below `outer`. */
export function scopeCovers(outer: string, inner: string): boolean {
  return outer === '' || inner === outer || inner.startsWith(`${outer}.`);
}

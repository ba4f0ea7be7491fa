import { JABATAN, type Jabatan } from '../../../main/api/jabatan';

/** Official Indonesian titles: used in both languages, as officials know them. */
export function jabatanLabel(code: Jabatan | null | undefined): string {
  return code ? JABATAN[code] : '';
}

export const JABATAN_OPTIONS = Object.entries(JABATAN) as [Jabatan, string][];

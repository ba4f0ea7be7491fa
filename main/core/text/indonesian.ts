/** Month names as printed on certificates and reports. */
export const BULAN = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

/** `2026-11-29` → `29 November 2026`. */
export function tanggalIndonesia(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${BULAN[(m ?? 1) - 1] ?? ''} ${y}`;
}

/** The value at quantile `q` (0..1) of ascending `sorted` values (nearest rank); '-' when there are none. */
export function percentile(sorted: readonly number[], q: number): number | '-' {
  if (sorted.length === 0) return '-';
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

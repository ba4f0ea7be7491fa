// The app's i18next instance (set up by ../i18n), imported bare so these helpers run in unit tests without a DOM.
import i18n from 'i18next';

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'id-ID');

/** `1,7 MB` (Indonesian decimal comma) or `1.7 MB`; binary units, as Windows Explorer shows them. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const text = new Intl.NumberFormat(locale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return `${text} ${units[unit]}`;
}

/** A score in percent as officials read it: `26,7`, `80`; a dash when not taken. */
export function formatScore(score: number | null): string {
  if (score === null) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(score);
}

/** Gain in percentage points with its sign: `+40`, `−6,7`, `0`. */
export function formatGain(gain: number | null): string {
  if (gain === null) return '—';
  const text = formatScore(Math.abs(gain));
  if (gain > 0) return `+${text}`;
  if (gain < 0) return `−${text}`;
  return text;
}

/** `29 November 2026` for a printed page. */
export function formatLongDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/** Minutes behind as `2 hari 3 jam` / `45 menit` (at most two parts: enough to judge a clock). */
export function durationParts(minutes: number): { unit: 'day' | 'hour' | 'minute'; count: number }[] {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [
    { unit: 'day' as const, count: days },
    { unit: 'hour' as const, count: hours },
    { unit: 'minute' as const, count: mins },
  ].filter((p) => p.count > 0);
  return parts.slice(0, 2);
}

import type { TFunction } from 'i18next';
import i18n from '../i18n';

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'id-ID');

/** A score in percent as people read it on the kiosk: a whole number. */
export function formatScore(score: number): string {
  return String(Math.round(score));
}

/** Normalised gain with two decimals, in the UI language's way (`0,57` in Indonesian). */
export function formatGain(value: number): string {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    value,
  );
}

/** "naik 40 poin", "turun 5 poin", "tetap". */
export function gainText(t: TFunction, gain: number): string {
  const points = Math.round(Math.abs(gain));
  if (points === 0) return t('results.gainSame');
  return gain > 0 ? t('results.gainUp', { count: points }) : t('results.gainDown', { count: points });
}

/** "1 jam 5 menit", "25 menit", "kurang dari 1 menit". */
export function durationText(t: TFunction, minutes: number): string {
  if (minutes < 1) return t('results.lessThanMinute');
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('results.minutes', { count: m });
  return m === 0 ? t('results.hours', { count: h }) : t('results.hoursMinutes', { h, m });
}

/** `29 Nov 2025`, in the UI language. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/**
 * Which new PINs are too easy to guess. Shared by the core (every call that sets a PIN refuses a weak one
 * with WEAK_PIN and `details.reason`) and the UI (the keypad says why right after the first entry, before
 * the PIN is typed twice). Only PINs being set are checked: a PIN chosen before these rules keeps working.
 */

/** Why a PIN is refused; the UI says each in plain words (`pinRules.<reason>` in the i18n files). */
export const WEAK_PIN_REASONS = ['same_digit', 'sequence', 'birth_date', 'few_digits', 'pattern'] as const;
export type WeakPinReason = (typeof WEAK_PIN_REASONS)[number];

export interface PinOwner {
  /** Operators (and a hub's admin) are held to stricter rules: their PIN opens everyone's data. */
  operator: boolean;
  /** The account's NIK (16 digits) when known: digits 7–12 are the birth date. */
  nik?: string | null;
}

/** Each step between neighbouring digits is the same +1 or −1: 123456, 654321, 012345. */
function isRun(digits: number[]): boolean {
  const step = digits[1]! - digits[0]!;
  if (step !== 1 && step !== -1) return false;
  return digits.every((d, i) => i === 0 || d - digits[i - 1]! === step);
}

/**
 * The birth date a NIK gives: digits 7–12 are DDMMYY, with 40 added to the day for women. Returns the
 * six-digit ways a person writes that date (DDMMYY, YYMMDD, MMDDYY) and the NIK's digits as they stand.
 */
export function birthDatePins(nik: string): string[] {
  if (!/^\d{16}$/.test(nik)) return [];
  const raw = nik.slice(6, 12);
  const dayInNik = Number(raw.slice(0, 2));
  const day = dayInNik > 40 ? dayInNik - 40 : dayInNik;
  const mm = raw.slice(2, 4);
  const yy = raw.slice(4, 6);
  if (day < 1 || day > 31 || Number(mm) < 1 || Number(mm) > 12) return [];
  const dd = String(day).padStart(2, '0');
  return [...new Set([`${dd}${mm}${yy}`, `${yy}${mm}${dd}`, `${mm}${dd}${yy}`, raw])];
}

/**
 * The first reason this PIN is too weak for its owner, or null when it may be used. Expects six digits
 * (the `pin` field's shape is checked before).
 */
export function weakPinReason(pin: string, owner: PinOwner): WeakPinReason | null {
  const digits = [...pin].map(Number);
  if (new Set(digits).size === 1) return 'same_digit';
  if (isRun(digits)) return 'sequence';
  if (owner.nik && birthDatePins(owner.nik).includes(pin)) return 'birth_date';
  if (!owner.operator) return null;
  if (new Set(digits).size < 3) return 'few_digits';
  // 123123, 123321: the first half repeated or mirrored.
  const half = pin.slice(0, 3);
  if (pin === half + half || pin === half + [...half].reverse().join('')) return 'pattern';
  return null;
}

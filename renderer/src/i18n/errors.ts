import type { TFunction } from 'i18next';
import type { ApiError } from '../../../main/api/result';
import { formatTime } from './format';

/** What the person reads for an API error: what happened and what to do, plus a detail line when known. */
export function errorText(t: TFunction, error: ApiError): { message: string; detail: string | null } {
  const message = t(`errors.${error.code}`);
  const details = error.details ?? {};
  if (error.code === 'WRONG_PIN' && typeof details.attemptsLeft === 'number') {
    return { message, detail: t('errorDetails.attemptsLeft', { count: details.attemptsLeft }) };
  }
  // A refusal with a known reason (a quiz or lesson that waits for something) says exactly why.
  if (error.code === 'CONFLICT' && typeof details.reason === 'string') {
    const why = t(`gate.${details.reason}`, { defaultValue: '' });
    if (why) return { message: why, detail: null };
  }
  if (error.code === 'WEAK_PIN' && typeof details.reason === 'string') {
    const why = t(`pinRules.${details.reason}`, { defaultValue: '' });
    if (why) return { message: why, detail: null };
  }
  if (error.code === 'WRONG_RECOVERY_CODE' && typeof details.attemptsLeft === 'number') {
    return { message, detail: t('recover.attemptsLeft', { count: details.attemptsLeft }) };
  }
  if (error.code === 'LOCKED' && typeof details.until === 'string') {
    // The recovery code's lock is the installation's, not an account's PIN lock.
    const text = details.reason === 'recovery' ? t('recover.locked') : message;
    return { message: text, detail: t('errorDetails.lockedUntil', { time: formatTime(details.until) }) };
  }
  return { message, detail: null };
}

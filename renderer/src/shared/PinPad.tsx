import { useCallback, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const PIN_LENGTH = 6;

/** Keys typed into a text field are the field's, not the keypad's. */
function typingInField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * A 6-digit PIN on big on-screen keys (touch) that also takes the keyboard's digits. When the sixth digit is
 * in, `onComplete` gets the PIN and the pad empties for the next try.
 */
export function PinPad({
  label,
  onComplete,
  busy = false,
  describedBy,
}: {
  label: string;
  onComplete: (pin: string) => void;
  busy?: boolean;
  describedBy?: string;
}) {
  const { t } = useTranslation();
  const [digits, setDigits] = useState('');
  const labelId = useId();
  const done = useRef(onComplete);
  useLayoutEffect(() => {
    done.current = onComplete;
  }, [onComplete]);

  const typed = useRef('');
  // Read at key time, and set before the browser handles the next key: a key typed the moment the
  // answer to the previous PIN arrives must count.
  const busyNow = useRef(busy);
  useLayoutEffect(() => {
    busyNow.current = busy;
  }, [busy]);
  const press = useCallback((key: string) => {
    if (busyNow.current) return;
    let next = typed.current;
    if (key === 'back') next = next.slice(0, -1);
    else if (key === 'clear') next = '';
    else next = (next + key).slice(0, PIN_LENGTH);
    const complete = next.length === PIN_LENGTH;
    typed.current = complete ? '' : next;
    setDigits(typed.current);
    if (complete) done.current(next);
  }, []);

  // A layout effect: the keypad hears keys from the moment it is on screen.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingInField(event.target) || event.ctrlKey || event.altKey || event.metaKey) return;
      if (/^[0-9]$/.test(event.key)) press(event.key);
      else if (event.key === 'Backspace') press('back');
      else if (event.key === 'Escape') press('clear');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [press]);

  return (
    <div className="pinpad" role="group" aria-labelledby={labelId} aria-describedby={describedBy}>
      <p id={labelId} className="pinpad-label">
        {label}
      </p>
      <div className="pin-dots" aria-hidden="true">
        {Array.from({ length: PIN_LENGTH }, (_, i) => (
          <span key={i} className={`pin-dot ${i < digits.length ? 'filled' : ''}`} />
        ))}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {t('pin.entered', { count: digits.length, total: PIN_LENGTH })}
      </p>
      <div className="pin-keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" className="pin-key" disabled={busy} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button
          type="button"
          className="pin-key pin-key-small"
          disabled={busy || digits.length === 0}
          onClick={() => press('clear')}
        >
          {t('pin.clear')}
        </button>
        <button type="button" className="pin-key" disabled={busy} onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className="pin-key pin-key-small"
          disabled={busy || digits.length === 0}
          onClick={() => press('back')}
          aria-label={t('pin.backspace')}
        >
          ⌫ {t('pin.back')}
        </button>
      </div>
    </div>
  );
}

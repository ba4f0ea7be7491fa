import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { weakPinReason, type PinOwner } from '../../../main/api/pin-rules';
import { AlertText } from './ErrorBox';
import { PinPad } from './PinPad';

/**
 * A new PIN, typed twice on the keypad. A PIN too easy to guess is refused right after the first entry,
 * saying why (the core checks it again); a mismatch starts again from the first entry.
 */
export function PinTwice({
  onDone,
  busy = false,
  firstLabel,
  owner,
}: {
  onDone: (pin: string) => void;
  busy?: boolean;
  firstLabel?: string;
  /** Whose PIN it is: operators get the stricter rules. */
  owner: PinOwner;
}) {
  const { t } = useTranslation();
  const [first, setFirst] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="pin-twice">
      <AlertText id="pin-twice-error">{problem}</AlertText>
      {first === null ? (
        <PinPad
          key="first"
          label={firstLabel ?? t('pin.newFirst')}
          describedBy={problem ? 'pin-twice-error' : undefined}
          onComplete={(pin) => {
            const weak = weakPinReason(pin, owner);
            if (weak) return setProblem(t(`pinRules.${weak}`));
            setProblem(null);
            setFirst(pin);
          }}
          busy={busy}
        />
      ) : (
        <PinPad
          key="second"
          label={t('pin.newSecond')}
          onComplete={(pin) => {
            if (pin === first) onDone(pin);
            else {
              setProblem(t('pin.mismatch'));
              setFirst(null);
            }
          }}
          busy={busy}
        />
      )}
    </div>
  );
}

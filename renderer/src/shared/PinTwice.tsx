import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertText } from './ErrorBox';
import { PinPad } from './PinPad';

/** A new PIN, typed twice on the keypad; a mismatch starts again from the first entry. */
export function PinTwice({
  onDone,
  busy = false,
  firstLabel,
}: {
  onDone: (pin: string) => void;
  busy?: boolean;
  firstLabel?: string;
}) {
  const { t } = useTranslation();
  const [first, setFirst] = useState<string | null>(null);
  const [mismatch, setMismatch] = useState(false);
  return (
    <div className="pin-twice">
      <AlertText id="pin-twice-error">{mismatch ? t('pin.mismatch') : null}</AlertText>
      {first === null ? (
        <PinPad
          key="first"
          label={firstLabel ?? t('pin.newFirst')}
          describedBy={mismatch ? 'pin-twice-error' : undefined}
          onComplete={(pin) => {
            setMismatch(false);
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
              setMismatch(true);
              setFirst(null);
            }
          }}
          busy={busy}
        />
      )}
    </div>
  );
}

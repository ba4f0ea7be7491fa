import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Three text sizes for lessons: normal, large, very large. */
export type TextSize = 0 | 1 | 2;
const SIZES: readonly TextSize[] = [0, 1, 2];

const storageKey = (learnerId: string) => `balai.textSize.${learnerId}`;

function stored(learnerId: string | null): TextSize {
  if (!learnerId) return 0;
  try {
    const value = Number(window.localStorage.getItem(storageKey(learnerId)));
    return value === 1 || value === 2 ? value : 0;
  } catch {
    return 0;
  }
}

/** The learner's text size, remembered on this PC per learner (several people share one kiosk). */
export function useTextSize(learnerId: string | null): [TextSize, (size: TextSize) => void] {
  const [size, setSize] = useState<TextSize>(() => stored(learnerId));
  const choose = useCallback(
    (next: TextSize) => {
      setSize(next);
      if (!learnerId) return;
      try {
        window.localStorage.setItem(storageKey(learnerId), String(next));
      } catch {
        // Storage off: the choice lasts until the lesson closes.
      }
    },
    [learnerId],
  );
  return [size, choose];
}

/** Three big "A" buttons, each a little larger; the one in use is pressed. */
export function TextSizeControl({ size, onChange }: { size: TextSize; onChange: (size: TextSize) => void }) {
  const { t } = useTranslation();
  return (
    <div className="text-size" role="group" aria-label={t('lesson.textSize.label')}>
      <span className="text-size-label" aria-hidden="true">
        {t('lesson.textSize.label')}
      </span>
      {SIZES.map((s) => (
        <button
          key={s}
          type="button"
          className={`text-size-button text-size-button-${s}`}
          aria-pressed={size === s}
          aria-label={t(`lesson.textSize.size${s}`)}
          onClick={() => onChange(s)}
        >
          A
        </button>
      ))}
    </div>
  );
}

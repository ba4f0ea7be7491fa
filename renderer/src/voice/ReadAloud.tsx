import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../learner/icons';
import { NORMAL_RATE_INDEX, RATES, Reader, type ReaderState } from './reader';
import { lessonSectionsIn, screenSectionIn } from './segments';
import './voice.css';

const RATE_KEY = 'balai.readAloud.rate';

function storedRate(): number {
  try {
    const i = Number(window.localStorage.getItem(RATE_KEY) ?? NORMAL_RATE_INDEX);
    return Number.isInteger(i) && i >= 0 && i < RATES.length ? i : NORMAL_RATE_INDEX;
  } catch {
    return NORMAL_RATE_INDEX;
  }
}

/**
 * "Dengarkan": reads the words of `target` aloud, highlighting the sentence being read, slower or faster.
 * `lesson`: the target is a lesson's text, read section by section with the course's `narration` where it
 * has one. Reading stops when the screen changes (the route, or this control leaving the page).
 */
export function ReadAloud({
  target,
  lesson = false,
  narration = [],
}: {
  target: RefObject<HTMLElement | null>;
  lesson?: boolean;
  narration?: readonly (string | null)[];
}) {
  const { t } = useTranslation();
  const [state, setState] = useState<ReaderState>('idle');
  const [rate, setRate] = useState(storedRate);
  const reader = useRef<Reader | null>(null);
  reader.current ??= new Reader(setState);

  useEffect(() => {
    const r = reader.current!;
    const stop = () => r.stop();
    window.addEventListener('hashchange', stop);
    return () => {
      window.removeEventListener('hashchange', stop);
      stop();
    };
  }, []);

  const changeRate = (index: number) => {
    setRate(index);
    reader.current!.setRate(RATES[index]!);
    try {
      window.localStorage.setItem(RATE_KEY, String(index));
    } catch {
      // Storage off: the speed lasts for this screen.
    }
  };

  const toggle = () => {
    const r = reader.current!;
    if (state === 'reading' || state === 'loading') return r.stop();
    const root = target.current;
    if (!root) return;
    r.setRate(RATES[rate]!);
    void r.start(lesson ? lessonSectionsIn(root) : [screenSectionIn(root)], narration);
  };

  const reading = state === 'reading' || state === 'loading';
  return (
    <div className="read-aloud" role="group" aria-label={t('voice.group')}>
      <button
        type="button"
        className="btn btn-secondary read-aloud-main"
        aria-pressed={reading}
        onClick={toggle}
      >
        <Icon name={reading ? 'stop' : 'speaker'} /> {reading ? t('voice.stop') : t('voice.listen')}
      </button>
      <button
        type="button"
        className="btn btn-secondary read-aloud-rate"
        disabled={rate === 0}
        onClick={() => changeRate(rate - 1)}
      >
        {t('voice.slower')}
      </button>
      <button
        type="button"
        className="btn btn-secondary read-aloud-rate"
        disabled={rate === RATES.length - 1}
        onClick={() => changeRate(rate + 1)}
      >
        {t('voice.faster')}
      </button>
      <span className="read-aloud-speed" aria-live="polite">
        {t(`voice.speed${rate}`)}
      </span>
      {state === 'no-voice' && (
        <p className="read-aloud-none" role="alert">
          {t('voice.noVoice')}
        </p>
      )}
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { Icon } from './icons';

/** How often the open quiz tells the app it is on screen (the app counts a timed quiz's time by these). */
export const TICK_EVERY_MS = 30_000;

function clock(seconds: number): string {
  const s = Math.max(0, seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The time left on a timed attempt. It counts down only while the quiz is on screen (as the app's own
 * timer does), calls quiz.tick every 30 s while visible and at once when the screen shows again, and takes
 * the app's figure each time. `onTimeUp` says who noticed first: this screen ('here') or the app, which
 * then already submitted the attempt ('app').
 */
export function QuizTimer({
  attemptId,
  secondsLeft,
  onTimeUp,
}: {
  attemptId: string;
  secondsLeft: number;
  onTimeUp: (noticedBy: 'here' | 'app') => void;
}) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(secondsLeft);
  const timeUp = useRef(onTimeUp);
  useEffect(() => {
    timeUp.current = onTimeUp;
  }, [onTimeUp]);

  useEffect(() => {
    let deadline = Date.now() + secondsLeft * 1000;
    let pausedMs = secondsLeft * 1000;
    let visible = document.visibilityState === 'visible';
    let over = false;
    const finish = (by: 'here' | 'app') => {
      if (over) return;
      over = true;
      window.clearInterval(second);
      window.clearInterval(ticking);
      timeUp.current(by);
    };
    const show = () => {
      const ms = Math.max(0, deadline - Date.now());
      setLeft(Math.ceil(ms / 1000));
      if (ms <= 0) finish('here');
    };
    const tick = async () => {
      const r = await call('quiz.tick', { attemptId });
      if (over || !r.ok) return;
      if (r.value.expired) return finish('app');
      if (r.value.secondsLeft !== null && visible) {
        deadline = Date.now() + r.value.secondsLeft * 1000;
        show();
      }
    };
    const second = window.setInterval(() => visible && show(), 1000);
    const ticking = window.setInterval(() => visible && void tick(), TICK_EVERY_MS);
    const onVisibility = () => {
      if (document.visibilityState === 'visible' && !visible) {
        visible = true;
        deadline = Date.now() + pausedMs;
        void tick();
      } else if (document.visibilityState === 'hidden' && visible) {
        visible = false;
        pausedMs = Math.max(0, deadline - Date.now());
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      over = true;
      window.clearInterval(second);
      window.clearInterval(ticking);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [attemptId, secondsLeft]);

  const minuteLeft = left <= 60;
  return (
    <div className={`quiz-timer ${minuteLeft ? 'quiz-timer-low' : ''}`} data-testid="quiz-timer">
      <p role="timer" aria-label={t('quiz.timeLeftLabel')}>
        <Icon name="clock" /> {t('quiz.timeLeft', { time: clock(left) })}
      </p>
      <p className="visually-hidden" role="status">
        {minuteLeft ? t('quiz.lastMinute') : ''}
      </p>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { Dialog } from './Dialog';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;
const PING_EVERY_MS = 60_000;

/** A playing video or audio is activity: nobody is logged out in the middle of a film. */
function mediaPlaying(): boolean {
  return Array.from(document.querySelectorAll<HTMLMediaElement>('video, audio')).some(
    (m) => !m.paused && !m.ended,
  );
}

/**
 * Idle logout: after `minutes` without input a warning counts down `warningSeconds`, then `onTimeout`.
 * While the person is active the server session is kept alive with auth.activity (at most once a minute,
 * or once per idle period when that is shorter, as in tests).
 */
export function IdleGuard({
  minutes,
  warningSeconds,
  onTimeout,
}: {
  minutes: number;
  warningSeconds: number;
  onTimeout: () => void;
}) {
  const { t } = useTranslation();
  const idleMs = Math.max(1000, minutes * 60_000);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const lastActivity = useRef(0);
  const lastPing = useRef(0);
  const deadline = useRef<number | null>(null);
  const timeout = useRef(onTimeout);
  useEffect(() => {
    timeout.current = onTimeout;
  }, [onTimeout]);

  useEffect(() => {
    const pingEvery = Math.min(PING_EVERY_MS, idleMs);
    lastActivity.current = Date.now();
    lastPing.current = Date.now();
    const active = () => {
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastPing.current >= pingEvery) {
        lastPing.current = now;
        void call('auth.activity', {});
      }
    };
    const onEvent = () => {
      if (deadline.current === null) active();
    };
    for (const name of ACTIVITY_EVENTS)
      window.addEventListener(name, onEvent, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (deadline.current === null) {
        if (mediaPlaying()) active();
        else if (now - lastActivity.current >= idleMs) {
          deadline.current = now + warningSeconds * 1000;
          setSecondsLeft(warningSeconds);
        }
        return;
      }
      const left = Math.ceil((deadline.current - now) / 1000);
      if (left <= 0) {
        window.clearInterval(timer);
        timeout.current();
      } else setSecondsLeft(left);
    }, 250);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onEvent, { capture: true });
    };
  }, [idleMs, warningSeconds]);

  if (secondsLeft === null) return null;
  const stay = () => {
    deadline.current = null;
    setSecondsLeft(null);
    lastActivity.current = Date.now();
    lastPing.current = Date.now();
    void call('auth.activity', {});
  };
  return (
    <Dialog
      name="idle"
      role="alertdialog"
      title={t('idle.title')}
      onCancel={stay}
      actions={
        <button type="button" className="btn btn-primary btn-huge" autoFocus onClick={stay}>
          {t('idle.stay')}
        </button>
      }
    >
      <p className="idle-count" role="timer">
        {t('idle.countdown', { count: secondsLeft })}
      </p>
    </Dialog>
  );
}

import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { call } from '../api/client';
import { registerFlush } from '../app/flush';

/** How often the reading position is saved while it changes. */
const SAVE_EVERY_MS = 5_000;
/** Even without scrolling, a report now and then counts the time at the lesson (the app caps each gap). */
const HEARTBEAT_MS = 60_000;
/** Pictures get this long to load before the saved place is restored anyway. */
const PICTURES_WAIT_MS = 3_000;

function picturesLoaded(root: HTMLElement | null): Promise<unknown> {
  const images = Array.from(root?.querySelectorAll('img') ?? []).filter((img) => !img.complete);
  return Promise.all(
    images.map(
      (img) =>
        new Promise((done) => {
          img.addEventListener('load', done, { once: true });
          img.addEventListener('error', done, { once: true });
        }),
    ),
  );
}

/**
 * Puts the reader back where they were (once the lesson's pictures have their size, so the place is the same
 * text), then records the reading position with lessons.progress as it changes: at most every 5 s, when the
 * window hides, when the lesson closes and before a logout (flush). Returns a getter for the position.
 */
export function useReadingPosition(
  courseId: string,
  lessonId: string,
  start: number | null,
  text: RefObject<HTMLElement | null>,
): () => number {
  const position = useRef(0);
  const dirty = useRef(false);
  const restored = useRef(false);

  useEffect(() => {
    if (start === null) return;
    let cancelled = false;
    position.current = start;
    restored.current = start === 0;
    if (start > 0) {
      void Promise.race([
        picturesLoaded(text.current),
        new Promise((done) => setTimeout(done, PICTURES_WAIT_MS)),
      ]).then(() => {
        if (cancelled) return;
        window.scrollTo(0, start);
        restored.current = true;
      });
    }
    return () => {
      cancelled = true;
    };
  }, [start, text]);

  useEffect(() => {
    if (start === null) return;
    let lastSave = Date.now();
    const save = async (force = false) => {
      if (!dirty.current && !force) return;
      dirty.current = false;
      lastSave = Date.now();
      await call('lessons.progress', { courseId, lessonId, position: position.current });
    };
    const onScroll = () => {
      if (!restored.current) return;
      position.current = Math.max(0, Math.round(window.scrollY));
      dirty.current = true;
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden') void save();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('visibilitychange', onHide);
    const timer = window.setInterval(() => {
      const beat = document.visibilityState === 'visible' && Date.now() - lastSave >= HEARTBEAT_MS;
      void save(beat);
    }, SAVE_EVERY_MS);
    const unregister = registerFlush(() => save());
    return () => {
      window.removeEventListener('scroll', onScroll);
      document.removeEventListener('visibilitychange', onHide);
      window.clearInterval(timer);
      unregister();
      void save();
    };
  }, [courseId, lessonId, start]);

  return useCallback(() => position.current, []);
}

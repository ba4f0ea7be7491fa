import { useLayoutEffect, useRef, type RefObject } from 'react';

/** Below this a video is too small to follow; it then takes the height of the screen above the bottom bar. */
const MIN_VIDEO_PX = 240;
/** Watched: played to within the last tenth (a credits roll need not be sat through). */
const WATCHED_SHARE = 0.9;

/**
 * The player's height so that the video and its controls are above the lesson's bottom bar (sticky) with no
 * scrolling: from where the video begins on the first screen down to the bar, or, for a video further down
 * the lesson, the whole screen above the bar.
 */
function fitVideo(video: HTMLVideoElement, nav: HTMLElement | null): void {
  const bar = nav?.offsetHeight ?? 0;
  const top = video.getBoundingClientRect().top + window.scrollY;
  const below = window.innerHeight - bar - 16;
  const onFirstScreen = below - top;
  const height = onFirstScreen >= MIN_VIDEO_PX ? onFirstScreen : below - 16;
  video.style.maxHeight = `${Math.max(MIN_VIDEO_PX, Math.floor(height))}px`;
}

/**
 * A lesson's videos: sized to fit above the bottom bar, the big play button hidden while one plays, and
 * which have been watched to their end (so "Lanjut" can ask about one that has not).
 */
export function useLessonVideos(
  text: RefObject<HTMLElement | null>,
  nav: RefObject<HTMLElement | null>,
  html: string,
): { unwatched: () => HTMLVideoElement | null; play: (video: HTMLVideoElement | null) => void } {
  const watched = useRef(new WeakSet<HTMLVideoElement>());

  useLayoutEffect(() => {
    const root = text.current;
    if (!root) return;
    const list = Array.from(root.querySelectorAll<HTMLVideoElement>('video.lesson-media'));
    const fit = () => list.forEach((v) => fitVideo(v, nav.current));
    const undo = list.map((video) => {
      const box = video.closest('.video-box');
      const playing = () => box?.classList.add('playing');
      const stopped = () => box?.classList.remove('playing');
      const progress = () => {
        if (video.duration > 0 && video.currentTime >= video.duration * WATCHED_SHARE)
          watched.current.add(video);
      };
      const ended = () => {
        watched.current.add(video);
        stopped();
      };
      video.addEventListener('play', playing);
      video.addEventListener('pause', stopped);
      video.addEventListener('timeupdate', progress);
      video.addEventListener('ended', ended);
      return () => {
        video.removeEventListener('play', playing);
        video.removeEventListener('pause', stopped);
        video.removeEventListener('timeupdate', progress);
        video.removeEventListener('ended', ended);
      };
    });
    fit();
    window.addEventListener('resize', fit);
    return () => {
      window.removeEventListener('resize', fit);
      undo.forEach((u) => u());
    };
  }, [text, nav, html]);

  const unwatched = () => {
    const list = Array.from(text.current?.querySelectorAll<HTMLVideoElement>('video.lesson-media') ?? []);
    return list.find((v) => !watched.current.has(v)) ?? null;
  };
  return { unwatched, play: playVideo };
}

/** Brings a video into view and plays it. */
function playVideo(video: HTMLVideoElement | null): void {
  if (!video) return;
  video.scrollIntoView({ block: 'nearest' });
  // A refused play (no user gesture, a codec missing) leaves the native controls to try again.
  void video.play().catch(() => undefined);
}

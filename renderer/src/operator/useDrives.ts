import { useEffect, useState } from 'react';
import type { DriveView } from '../../../main/api/library';
import type { ApiError } from '../../../main/api/result';
import { call } from '../api/client';

/** How often the open screen asks for the plugged-in sticks: plugging or pulling one shows up within this. */
export const DRIVE_POLL_MS = 2000;

/**
 * The sticks plugged in now, asked for every two seconds while the screen that uses this is open. Each poll
 * waits for the previous answer (an old PC with a slow stick never piles up calls); an unchanged list does
 * not re-render.
 */
export function useDrives(): { drives: DriveView[] | null; error: ApiError | null } {
  const [state, setState] = useState<{ drives: DriveView[] | null; error: ApiError | null }>({
    drives: null,
    error: null,
  });
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    let last = '';
    const poll = async () => {
      const r = await call('drives.list', {});
      if (stopped) return;
      const next = r.ok ? { drives: r.value.drives, error: null } : { drives: null, error: r.error };
      const key = JSON.stringify(next);
      if (key !== last) {
        last = key;
        setState(next);
      }
      timer = window.setTimeout(() => void poll(), DRIVE_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, []);
  return state;
}

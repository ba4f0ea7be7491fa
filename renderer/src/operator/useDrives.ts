import { useCallback, useEffect, useState } from 'react';
import type { DriveView } from '../../../main/api/library';
import type { ApiError, Result } from '../../../main/api/result';
import { call } from '../api/client';

/** How often the open screen asks for the plugged-in sticks: plugging or pulling one shows up within this. */
export const DRIVE_POLL_MS = 2000;

/** Asks the app for the sticks plugged in now: `drives.list` for the operator, `setup.drives` at set-up. */
export type DriveLister = () => Promise<Result<{ drives: DriveView[] }>>;

const operatorDrives: DriveLister = () => call('drives.list', {});

/**
 * The sticks plugged in now, asked for every two seconds while the screen that uses this is open. Each poll
 * waits for the previous answer (an old PC with a slow stick never piles up calls); an unchanged list does
 * not re-render. `refresh` asks at once (a "Cari lagi" button). `list` must be a stable function.
 */
export function useDrives(list: DriveLister = operatorDrives): {
  drives: DriveView[] | null;
  error: ApiError | null;
  refresh: () => void;
} {
  const [state, setState] = useState<{ drives: DriveView[] | null; error: ApiError | null }>({
    drives: null,
    error: null,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    let last = '';
    const poll = async () => {
      const r = await list();
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
  }, [list, round]);
  const refresh = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, refresh };
}

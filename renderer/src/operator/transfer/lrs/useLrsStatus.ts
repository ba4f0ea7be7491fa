import { useCallback, useEffect, useRef, useState } from 'react';
import type { UploadStatus } from '../../../../../main/api/lrs';
import type { ApiError } from '../../../../../main/api/result';
import { call } from '../../../api/client';

/** How often the LRS screen asks again: the schedule sends by itself, so the counts move on their own. */
export const LRS_POLL_MS = 4000;

/**
 * `lrs.status`, asked when the screen opens and then every `pollMs` (null: once) while it is open; `reload`
 * asks at once, `set` shows a status the app just answered with (check, release).
 */
export function useLrsStatus(pollMs: number | null = LRS_POLL_MS): {
  status: UploadStatus | null;
  error: ApiError | null;
  reload: () => void;
  set: (status: UploadStatus) => void;
} {
  const [state, setState] = useState<{ status: UploadStatus | null; error: ApiError | null }>({
    status: null,
    error: null,
  });
  const [round, setRound] = useState(0);
  // A status set by hand must not be overwritten by an older answer still on its way.
  const generation = useRef(0);
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const ask = async () => {
      const asked = generation.current;
      const r = await call('lrs.status', {});
      if (stopped) return;
      if (asked === generation.current)
        setState((s) =>
          r.ok ? { status: r.value.status, error: null } : { status: s.status, error: r.error },
        );
      if (pollMs !== null) timer = window.setTimeout(() => void ask(), pollMs);
    };
    void ask();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [round, pollMs]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((status: UploadStatus) => {
    generation.current += 1;
    setState({ status, error: null });
  }, []);
  return { ...state, reload, set };
}

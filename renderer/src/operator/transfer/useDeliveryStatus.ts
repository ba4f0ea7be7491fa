import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../../../../main/api/result';
import type { DeliveryStatus } from '../../../../main/api/transfer';
import { call } from '../../api/client';

/** `transfer.status`, asked when the screen opens and again on `reload` (after an export or receipts). */
export function useDeliveryStatus(): {
  status: DeliveryStatus | null;
  error: ApiError | null;
  reload: () => void;
  /** A status the app just answered with (receipts bring one): shown without asking again. */
  set: (status: DeliveryStatus) => void;
} {
  const [state, setState] = useState<{ status: DeliveryStatus | null; error: ApiError | null }>({
    status: null,
    error: null,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let stopped = false;
    void call('transfer.status', {}).then((r) => {
      if (stopped) return;
      setState((s) =>
        r.ok ? { status: r.value.status, error: null } : { status: s.status, error: r.error },
      );
    });
    return () => {
      stopped = true;
    };
  }, [round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((status: DeliveryStatus) => setState({ status, error: null }), []);
  return { ...state, reload, set };
}

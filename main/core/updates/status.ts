import type { UpdateSettings } from './settings';
import type { CheckResult, PendingUpdate, UpdateState } from './state';
import type { UpdateChannel } from './version';

/**
 * What the operator sees of app updates (the `updates.status` API answer). Times are ISO strings with
 * the kiosk's offset; `lastError` stays until a newer one replaces it, so compare its time with `lastCheckAt`.
 */
export interface UpdateStatusView {
  currentVersion: string;
  channel: UpdateChannel;
  /** The feed in use: the operator's, else the one built into the app; null: online updates are off. */
  feedUrl: string | null;
  /** The last request to the feed got an answer. */
  connected: boolean;
  lastCheckAt: string | null;
  lastCheckResult: CheckResult | null;
  /** When the schedule will look next (or null while that is unknown: offline, no feed). */
  nextCheckAt: string | null;
  /** A check or download is running now. */
  busy: boolean;
  pending: PendingUpdate | null;
  postponedUntil: string | null;
  lastError: { at: string; code: string; message: string } | null;
}

export function statusView(input: {
  running: string;
  settings: UpdateSettings;
  feedUrl: string | null;
  state: UpdateState;
  nextCheckAt: string | null;
  busy: boolean;
}): UpdateStatusView {
  const { state } = input;
  return {
    currentVersion: input.running,
    channel: input.settings.channel,
    feedUrl: input.feedUrl,
    connected: state.connected,
    lastCheckAt: state.lastCheckAt,
    lastCheckResult: state.lastCheckResult,
    nextCheckAt: input.nextCheckAt,
    busy: input.busy,
    pending: state.pending,
    postponedUntil: state.postponedUntil,
    lastError: state.lastError,
  };
}

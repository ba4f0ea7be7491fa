/**
 * The time a learner spends on a timed quiz counts only while they are at it: each report from the quiz
 * screen (start, answer, tick every ~30 s) adds the time since the last one, at most `capMs`. After a
 * logout, an idle pause or a power cut nothing more is counted until the attempt is opened again.
 */
export const TICK_CAP_MS = 90_000;

export interface TimerState {
  limitMs: number | null;
  usedMs: number;
  /** When the learner was last seen at the attempt (ISO), or null when paused. */
  activeAt: string | null;
}

export function advance(
  state: TimerState,
  now: Date,
  capMs = TICK_CAP_MS,
): TimerState & { leftMs: number | null } {
  const since = state.activeAt ? Math.max(0, now.getTime() - new Date(state.activeAt).getTime()) : 0;
  const usedMs = state.usedMs + Math.min(since, capMs);
  return {
    limitMs: state.limitMs,
    usedMs,
    activeAt: now.toISOString(),
    leftMs: state.limitMs === null ? null : Math.max(0, state.limitMs - usedMs),
  };
}

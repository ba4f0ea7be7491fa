/** When the kiosk reads the course catalogue on its own (times as epoch ms; null: never). */
export interface CatalogueSchedule {
  /** Between syncs after one that worked. */
  intervalMs: number;
  /** After one that failed (no connection, refused, a course that would not install). */
  retryMs: number;
}

export const DEFAULT_CATALOGUE_SCHEDULE: CatalogueSchedule = {
  intervalMs: 12 * 60 * 60_000,
  retryMs: 30 * 60_000,
};

/**
 * Whether to start a catalogue sync now. Its first request decides whether a connection exists, so the
 * only things that stop it are an OS that knows it is offline, no catalogue URL, a sync that is running,
 * and the schedule: `intervalMs` after a sync that worked, `retryMs` after one that did not.
 */
export function catalogueSyncDue(input: {
  now: number;
  url: string | null;
  osOnline: boolean | null;
  running: boolean;
  lastAttemptAt: number | null;
  lastAttemptOk: boolean;
  schedule: CatalogueSchedule;
}): boolean {
  if (input.url === null || input.running || input.osOnline === false) return false;
  if (input.lastAttemptAt === null) return true;
  const wait = input.lastAttemptOk ? input.schedule.intervalMs : input.schedule.retryMs;
  return input.now - input.lastAttemptAt >= wait;
}

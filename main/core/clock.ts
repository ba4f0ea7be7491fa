/** Time, injectable so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private time: Date = new Date('2026-11-01T08:00:00+07:00')) {}
  now(): Date {
    return new Date(this.time.getTime());
  }
  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
  set(time: Date): void {
    this.time = time;
  }
}

/** RFC 3339 with milliseconds and the local UTC offset (xAPI wants a time zone; WIB is +07:00). */
export function isoWithOffset(date: Date): string {
  const offsetMin = -date.getTimezoneOffset();
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const local = new Date(date.getTime() + offsetMin * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.toISOString().slice(0, 23)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

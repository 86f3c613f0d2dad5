/** An answer nobody has checked for this long may be wrong: volunteers see it flagged, people see a warning. */
export const STALE_AFTER_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysSince(isoDate: string, now: Date = new Date()): number {
  return Math.floor((now.getTime() - Date.parse(`${isoDate}T00:00:00Z`)) / DAY_MS);
}

export function isStale(isoDate: string, now: Date = new Date()): boolean {
  return daysSince(isoDate, now) > STALE_AFTER_DAYS;
}

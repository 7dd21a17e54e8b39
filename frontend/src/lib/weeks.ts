// Weeks as the server counts them (monitoring/adherence.py): Monday to Sunday, named by the
// Monday's local date (YYYY-MM-DD). Dates here are calendar dates, so arithmetic is in UTC
// to stay clear of the phone's own daylight-saving changes.

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(date: string, n: number): string {
  const d = day(date);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

/** The Monday that starts the week of a local date. */
export function mondayOf(date: string): string {
  return addDays(date, -((day(date).getUTCDay() + 6) % 7));
}

/** The week a link asks about (`?week=` a Monday, not after this week), or this week. */
export function weekAskedFor(search: string, today: string): string {
  const current = mondayOf(today);
  const asked = new URLSearchParams(search).get("week");
  if (!asked || !/^\d{4}-\d{2}-\d{2}$/.test(asked) || Number.isNaN(day(asked).getTime())) return current;
  if (mondayOf(asked) !== asked || asked > current) return current;
  return asked;
}

// The server refuses more than this (logs.models.WEEKLY_SESSIONS_MAX).
export const WEEKLY_SESSIONS_MAX = 70;

/** The largest number offered: a little above the plan, so a keen week fits too, and a
 * week's worth of days when nothing (or nothing known) was planned. */
export function mostOffered(planned: number | null, answered: number | null = null): number {
  const top = Math.max((planned ?? 0) + 3, 7, answered ?? 0);
  return Math.min(top, WEEKLY_SESSIONS_MAX);
}

import { m } from "../messages";

/** What the list's sparkline says, in words: its text alternative. `weekly` is the list's
 * `adherence.weekly_pct`: oldest week first, the current week so far last, null for a week
 * with nothing prescribed. */
export function trendLabel(weekly: (number | null)[]): string {
  const words = weekly.map((pct) => (pct == null ? m.trendNothingDue : `${pct}%`));
  if (words.length) words[words.length - 1] = m.trendThisWeek(words[words.length - 1]);
  return m.adherenceTrend(words);
}

/** A sparkline only draws weeks with a figure: none at all is no chart. */
export const hasTrend = (weekly: (number | null)[]) => weekly.some((pct) => pct != null);

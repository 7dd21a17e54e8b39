import { m } from "../messages";
import type { Week } from "./types";
import { shortDate } from "../patient/Progress";

/** What was logged each week beside what the patient reported at the weekly check-in,
 * newest first; the percentage stays the logged one. Weeks with neither are left out. */
export function WeekTable(props: { weeks: Week[] }) {
  const rows = props.weeks.filter((w) => w.sessions_prescribed > 0 || w.sessions_done > 0 || w.reported_sessions != null).reverse();
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="wt-h">
      <h2 id="wt-h">{m.sessionsByWeek}</h2>
      <table class="list" data-testid="weeks">
        <thead><tr><th scope="col">{m.weekColumn}</th><th scope="col">{m.loggedColumn}</th><th scope="col">{m.reportedColumn}</th></tr></thead>
        <tbody>{rows.map((w) => (
          <tr key={w.week_start}>
            <th scope="row">{shortDate(w.week_start)}</th>
            <td>{m.loggedOf(w.sessions_done, w.sessions_prescribed, w.adherence_pct)}</td>
            <td class={w.reported_sessions == null ? "muted" : undefined}>
              {w.reported_sessions == null ? m.notReported : m.reported(w.reported_sessions)}</td>
          </tr>
        ))}</tbody>
      </table>
    </section>
  );
}


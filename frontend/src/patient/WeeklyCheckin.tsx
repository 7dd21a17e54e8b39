// The weekly check-in, opened from the Sunday-evening notification (`/checkin/weekly?week=`)
// or from Today and Progress ("Your week"), showing the sessions already logged:
// how many sessions the patient managed, answered in two taps (a number, Save). The answer
// goes through the outbox like every log; PUT is idempotent, so a resend changes nothing.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, localDate, outbox, type Auth } from "../lib/api";
import { navigate } from "../lib/router";
import { addDays, mondayOf, mostOffered, weekAskedFor } from "../lib/weeks";
import { m } from "../messages";
import { Loading, Notice, Scale, usePending, useLoad } from "../ui";
import { shortDate } from "./Progress";

interface WeekOfCheckins { week_start: string; sessions_planned: number; sessions_done: number | null; sessions_logged?: number }

const WEEK_MS = 7 * 24 * 3600e3;

export function WeeklyCheckin(props: { auth: Auth }) {
  const today = localDate(props.auth.user.timezone);
  const current = mondayOf(today);
  const [week, setWeek] = useState(() => weekAskedFor(location.search, today));
  // This week and last at least (the screen switches between them), back to the linked one.
  const back = Math.min(52, Math.max(2, Math.round((Date.parse(current) - Date.parse(week)) / WEEK_MS) + 1));
  const [weeks, err, reload] = useLoad(() => get<WeekOfCheckins[]>(`me/weekly-checkins?weeks=${back}`), [back]);
  const pending = usePending();
  const [choice, setChoice] = useState<number | null>(null);
  const [thanks, setThanks] = useState<string | null>(null);
  const done = useRef<HTMLDivElement>(null);
  useEffect(() => { if (thanks) done.current?.focus(); }, [thanks]);

  // Offline with no copy of the plan, the question still works: only the context is missing.
  if (!weeks && !err) return <Loading />;
  const path = `weekly-checkins/${week}`;
  const row = weeks?.find((w) => w.week_start === week);
  const queued = pending.filter((p) => p.path === path).map((p) => p.body.sessions_done as number).pop();
  const known = queued ?? row?.sessions_done ?? null;
  const value = choice ?? known;
  const planned = row ? row.sessions_planned : null;
  const thisWeek = week === current;
  const lastWeek = addDays(current, -7);

  const switchTo = (w: string) => {
    setWeek(w); setChoice(null); setThanks(null);
    navigate(`/checkin/weekly?week=${w}`, true); // a reload stays on the week chosen
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (value == null) return;
    const entry = await outbox.add("weekly-checkin", "PUT", path, { sessions_done: value });
    const report = navigator.onLine ? await outbox.sync() : null;
    // Refused (the SyncStatus above says why): keep the question on screen.
    if (report?.rejected.some((r) => r.entry.client_id === entry.client_id)) return;
    setThanks(report && report.kept.length === 0 ? m.weekly.thanks(value) : m.savedOffline);
    if (report?.sent.includes(entry.client_id)) reload(); // the server's copy, for a change of mind
  };

  return (
    <section aria-labelledby="wk-h">
      <h1 id="wk-h">{m.weekly.title}</h1>
      <p class="muted">{m.week(shortDate(week))}</p>
      {thanks ? (
        <div ref={done} tabIndex={-1} data-testid="weekly-done">
          <Notice kind="ok">{thanks}</Notice>
          <a class="btn big" href="/today">{m.weekly.back}</a>
        </div>
      ) : (
        <form onSubmit={save}>
          {planned != null && <p>{m.weekly.planned(planned, thisWeek)}</p>}
          {row?.sessions_logged != null && <p data-testid="weekly-logged">{m.weekly.logged(row.sessions_logged, thisWeek)}</p>}
          <p>{m.weekly.encourage}</p>
          {known != null && <p class="muted">{m.weekly.answered(known)}</p>}
          <Scale name="sessions" label={m.weekly.question(thisWeek)} min={0} max={mostOffered(planned, Math.max(known ?? 0, row?.sessions_logged ?? 0))}
                 value={value} onChange={setChoice} />
          <div class="row">
            <button class="btn big" type="submit" disabled={value == null}>{m.weekly.save}</button>
            <a class="btn secondary" href="/today">{m.weekly.back}</a>
          </div>
          {(thisWeek || week === lastWeek) && (
            <button class="btn ghost" type="button" onClick={() => switchTo(thisWeek ? lastWeek : current)}>
              {thisWeek ? m.weekly.lastWeek : m.weekly.thisWeek}
            </button>
          )}
        </form>
      )}
    </section>
  );
}

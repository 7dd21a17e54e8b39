// The patient's recent notifications, under the reminder settings: what they were sent,
// when, where it leads, and "Snooze 30 min" on today's prompts.
import { useEffect, useState } from "preact/hooks";
import { ApiError, dayAndTime, get, localDate, post, type Auth } from "../lib/api";
import { kvGet, kvSet } from "../lib/db";
import { m } from "../messages";
import { Notice } from "../ui";

export interface NotificationRow {
  id: number; kind: string; title: string; body: string; url: string;
  due_at: string; sent_at: string | null; snoozable: boolean;
}

const SHOWN = 10;
const SNOOZE_MINUTES = 30;
// The last list loaded, so a phone offline still shows it instead of an error.
const CACHE_KEY = "notifications"; // one of USER_KV_KEYS: forgotten at sign-out

/** "just now", "5 min ago", "3 h ago", then a short date: how long ago it was said. */
export function whenText(iso: string, now = new Date(), zone?: string): string {
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return m.justNow;
  if (minutes < 60) return m.minutesAgo(minutes);
  if (minutes < 12 * 60) return m.hoursAgo(Math.floor(minutes / 60));
  return dayAndTime(iso, zone);
}

/** Snoozing is offered for today's prompts only: putting off last week's reminder means
 * nothing. "Today" is the patient's own day, in their zone. */
export function canSnooze(row: NotificationRow, zone: string, now = new Date()): boolean {
  return row.snoozable && localDate(zone, new Date(row.due_at)) === localDate(zone, now);
}

function clock(iso: string, zone: string): string {
  return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZone: zone }).format(new Date(iso));
}

export function RecentNotifications(props: { auth: Auth }) {
  const zone = props.auth.user.timezone;
  const [rows, setRows] = useState<NotificationRow[] | null>(null);
  // notification id -> when it comes again (after a snooze), or the refusal's words
  const [snoozed, setSnoozed] = useState<Record<number, { until?: string; error?: string }>>({});
  useEffect(() => {
    let live = true;
    kvGet<NotificationRow[]>(CACHE_KEY).then((cached) => live && cached && setRows((r) => r ?? cached), () => undefined);
    get<{ results: NotificationRow[] }>(`me/notifications?limit=${SHOWN}&offset=0`).then((page) => {
      if (!live) return;
      setRows(page.results);
      kvSet(CACHE_KEY, page.results).catch(() => undefined);
    }, () => undefined); // offline or failing: the cached list, or nothing; never an error wall
    return () => { live = false; };
  }, []);
  if (!rows || rows.length === 0) return null;
  const snooze = async (row: NotificationRow) => {
    try {
      const again = await post<{ due_at: string }>(`notifications/${row.id}/snooze`, { minutes: SNOOZE_MINUTES });
      setSnoozed((s) => ({ ...s, [row.id]: { until: again.due_at } }));
    } catch (x) {
      setSnoozed((s) => ({ ...s, [row.id]: { error: x instanceof ApiError ? x.detail : m.snoozeOffline } }));
    }
  };
  return (
    <section class="recent-notifications" aria-labelledby="rn-h" style={{ marginTop: "2rem" }}>
      <h2 id="rn-h">{m.recentNotifications}</h2>
      <ul>
        {rows.map((row) => {
          const state = snoozed[row.id];
          const at = row.sent_at ?? row.due_at;
          return (
            <li key={row.id} class="card">
              <h3><a href={row.url}>{row.title}</a></h3>
              {row.body && <p>{row.body}</p>}
              <p class="muted"><time dateTime={at}>{whenText(at, new Date(), zone)}</time></p>
              {state?.until ? <Notice kind="ok">{m.snoozedUntil(clock(state.until, zone))}</Notice>
                : canSnooze(row, zone) && (
                  <>
                    {state?.error && <Notice kind="error">{state.error}</Notice>}
                    <button type="button" class="btn secondary small" onClick={() => snooze(row)}
                            aria-label={m.snoozeLabel(row.title)}>{m.snooze30}</button>
                  </>
                )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

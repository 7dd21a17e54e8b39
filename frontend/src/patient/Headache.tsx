import { useEffect, useState } from "preact/hooks";
import { get, kvTodayGet, localDate, outbox, rememberSessions, type Auth, type RecentSession } from "../lib/api";
import { kvGet } from "../lib/db";
import { m } from "../messages";
import { Notice, Scale, YesNo } from "../ui";
import { loadToday, type TodayData } from "./Today";
import { DEFAULT_EMERGENCY_NUMBER, RED_FLAGS, Urgent } from "./Urgent";

const starts: [string, () => Date][] = [
  [m.startedNow, () => new Date()],
  [m.started1h, () => new Date(Date.now() - 3600e3)],
  [m.started3h, () => new Date(Date.now() - 3 * 3600e3)],
  [m.startedMorning, () => { const d = new Date(); d.setHours(8, 0, 0, 0); return d > new Date() ? new Date() : d; }],
];

async function saved(): Promise<string> {
  const report = navigator.onLine ? await outbox.sync() : null;
  return report && report.kept.length === 0 && report.rejected.length === 0 ? m.saved : m.savedOffline;
}

export function Headache(props: { auth: Auth }) {
  return (
    <>
      <HeadacheForm />
      <CheckinForm tz={props.auth.user.timezone} />
    </>
  );
}

async function recentSessions(): Promise<RecentSession[]> {
  const queued = (await outbox.pending()).filter((e) => e.kind === "session-log")
    .map((e) => ({ performed_at: String(e.body.performed_at) }));
  let synced = (await kvGet<RecentSession[]>("recent-sessions").catch(() => undefined)) ?? [];
  if (navigator.onLine) {
    try {
      const since = localDate(undefined, new Date(Date.now() - 2 * 86400e3));
      synced = await rememberSessions(await get<RecentSession[]>(`session-logs?from=${since}`));
    } catch { /* offline after all: the copy on the device */ }
  }
  return [...synced, ...queued];
}

/** The clinic's emergency number and trigger window, from the plan kept on the device. */
async function safety(): Promise<{ emergency_number: string; exercise_trigger_window_hours: number }> {
  let today = await kvTodayGet<TodayData>().catch(() => undefined);
  if (!today?.safety && navigator.onLine) today = await loadToday().catch(() => undefined);
  return today?.safety ?? { emergency_number: DEFAULT_EMERGENCY_NUMBER, exercise_trigger_window_hours: 6 };
}

// Three taps: how bad, (when: defaults to now), save. A warning sign, or a severe headache
// that peaked within a minute, is saved at once and answered full screen (Urgent).
function HeadacheForm() {
  const [peak, setPeak] = useState<number | null>(null);
  const [start, setStart] = useState(0);
  const [migraine, setMigraine] = useState(false);
  const [meds, setMeds] = useState(false);
  const [thunderclap, setThunderclap] = useState<boolean | null>(null);
  const [triggered, setTriggered] = useState<boolean | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [urgent, setUrgent] = useState(false);
  const [sessions, setSessions] = useState<RecentSession[]>([]);
  const [limits, setLimits] = useState({ emergency_number: DEFAULT_EMERGENCY_NUMBER, exercise_trigger_window_hours: 6 });
  useEffect(() => {
    recentSessions().then(setSessions, () => undefined);
    safety().then(setLimits, () => undefined);
  }, []);

  const startedAt = starts[start][1]();
  const windowMs = limits.exercise_trigger_window_hours * 3600e3;
  // The latest session in the window before the headache started: ask about it.
  const session = sessions
    .filter((r) => { const gap = startedAt.getTime() - new Date(r.performed_at).getTime(); return gap >= -300e3 && gap <= windowMs; })
    .sort((a, b) => b.performed_at.localeCompare(a.performed_at))[0];

  const reset = () => {
    setPeak(null); setMigraine(false); setMeds(false); setStart(0); setThunderclap(null); setTriggered(null);
  };
  const send = async (red_flags: string[]) => {
    if (peak == null) return;
    const body: Record<string, unknown> = {
      started_at: startedAt.toISOString(), peak_pain: peak, migraine, medication_taken: meds, notes: "",
      red_flags, exercise_triggered: session != null && triggered === true,
    };
    if (body.exercise_triggered && session?.id != null) body.triggered_by_session = session.id;
    await outbox.add("headache-log", "POST", "headache-logs", body);
    const triggeredNow = body.exercise_triggered;
    reset();
    const result = await saved();
    setMsg(triggeredNow && result === m.saved ? m.savedTriggered : result);
  };
  // The message first, then the saving: nothing waits for the device's storage or the server.
  const redFlag = (flag: string) => {
    setUrgent(true);
    send([flag]).catch(() => undefined);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    await send([]);
  };
  const mustAnswer = (peak != null && peak >= 8 && thunderclap == null) || (session != null && triggered == null);
  return (
    <form onSubmit={submit} aria-labelledby="h-h">
      {urgent && <Urgent number={limits.emergency_number} onClose={() => setUrgent(false)} />}
      <h1 id="h-h">{m.headacheTitle}</h1>
      {msg && <Notice kind="ok">{msg}</Notice>}
      <Scale name="peak" label={m.headachePeak} value={peak} onChange={(v) => { setPeak(v); setMsg(null); if (v < 8) setThunderclap(null); }} />
      {peak != null && peak >= 8 && (
        <YesNo name="thunderclap" label={m.thunderclapQuestion} value={thunderclap}
               onChange={(v) => { setThunderclap(v); if (v) redFlag("thunderclap"); }} />
      )}
      <fieldset class="scale">
        <legend>{m.headacheStarted}</legend>
        <div class="scale-row">
          {starts.map(([label], i) => (
            <label key={label} class={`chip wide${start === i ? " on" : ""}`}>
              <input type="radio" name="started" checked={start === i} onChange={() => { setStart(i); setTriggered(null); }} /><span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {session != null && (
        <YesNo name="exercise-triggered" label={m.exerciseTriggerQuestion(limits.exercise_trigger_window_hours)}
               value={triggered} onChange={setTriggered} />
      )}
      <label class="check"><input type="checkbox" checked={migraine} onChange={(e) => setMigraine(e.currentTarget.checked)} />{m.migraine}</label>
      <label class="check"><input type="checkbox" checked={meds} onChange={(e) => setMeds(e.currentTarget.checked)} />{m.medication}</label>
      {peak != null && (
        <fieldset class="red-flags">
          <legend>{m.redFlagsTitle}</legend>
          <p class="muted hint">{m.redFlagsHint}</p>
          {RED_FLAGS.map((flag) => (
            <label class="check" key={flag}>
              <input type="checkbox" name="red-flag" checked={false} onChange={(e) => e.currentTarget.checked && redFlag(flag)} />
              {m.redFlags[flag]}
            </label>
          ))}
        </fieldset>
      )}
      <button class="btn big" type="submit" disabled={peak == null || mustAnswer}>{m.saveHeadache}</button>
    </form>
  );
}

function CheckinForm(props: { tz: string }) {
  const [sore, setSore] = useState<number | null>(null);
  const [free, setFree] = useState<boolean | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (sore == null || free == null) return;
    const day = localDate(props.tz);
    await outbox.add("checkin", "PUT", `daily-checkins/${day}`, { neck_soreness: sore, headache_free: free });
    setMsg(await saved());
  };
  return (
    <form onSubmit={submit} aria-labelledby="c-h" class="card" style={{ marginTop: "2rem" }}>
      <h2 id="c-h">{m.checkinTitle}</h2>
      {msg && <Notice kind="ok">{msg}</Notice>}
      <Scale name="checkin-soreness" label={m.checkinSoreness} value={sore} onChange={setSore} />
      <YesNo name="free" label={m.checkinHeadacheFree} value={free} onChange={setFree} />
      <button class="btn big" type="submit" disabled={sore == null || free == null}>{m.saveCheckin}</button>
    </form>
  );
}

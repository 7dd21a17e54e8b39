import { useEffect, useState } from "preact/hooks";
import { get, kvTodayGet, localDate, outbox, rememberSessions, type Auth, type RecentSession } from "../lib/api";
import { kvGet, kvSet } from "../lib/db";
import { m } from "../messages";
import { Choices, Notice, Scale, YesNo } from "../ui";
import { loadToday, type TodayData } from "./Today";
import { DEFAULT_EMERGENCY_NUMBER, RED_FLAGS, Urgent } from "./Urgent";
import { DiaryCalendar } from "./DiaryCalendar";

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600e3);
const dayAt = (daysBack: number, hour: number) => {
  const d = new Date(); d.setDate(d.getDate() - daysBack); d.setHours(hour, 0, 0, 0);
  return d > new Date() ? new Date() : d;
};
// Quick choices for the start; the last, "Another time", shows a day (past 7 days) and a time.
const starts: [string, () => Date][] = [
  [m.startedNow, () => new Date()],
  [m.started1h, () => hoursAgo(1)],
  [m.started3h, () => hoursAgo(3)],
  [m.startedMorning, () => dayAt(0, 8)],
  [m.startedLastNight, () => dayAt(1, 22)],
  [m.startedYesterday, () => dayAt(1, 14)],
];
const OTHER_START = starts.length;
const KINDS = ["migraine", "tension", "neck", "other", "unsure"] as const;
const SYMPTOMS = ["nausea", "vomiting", "light", "sound", "smell", "dizziness", "visual", "numbness", "neck_pain"];
const DISABILITY = ["none", "mild", "moderate", "severe"] as const;
const RELIEF = ["none", "some", "full"] as const;
const OTHER_MED = "__other";

export interface MedicationTaken { medication?: string | null; name?: string; class?: string; dose: string; taken_at: string | null; relief_2h: string | null }
export interface HeadacheEntry {
  id: number; client_id: string; started_at: string; ended_at: string | null; still_going?: boolean; local_date: string; peak_pain: number;
  kind: string | null; migraine: boolean; aura: boolean | null; neck_pain_first: boolean | null; symptoms: string[];
  medication_taken: boolean; medications: MedicationTaken[]; disability: string | null; triggers: string[];
  menstruation: boolean | null; notes: string; version: number; red_flags?: string[];
}
interface Catalogue { slug: string; name: string; class: string }
interface Trigger { slug: string; name: string }
interface MedRow { pick: string; name: string; dose: string; time: string; relief: string | null }

const pad = (n: number) => String(n).padStart(2, "0");
/** A Date as the value of a datetime-local input, in the phone's zone. */
export const toLocalInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
const fromLocalInput = (v: string) => (v ? new Date(v) : null);

/** From the server when online, else the copy kept on the phone. */
async function cached<T>(key: string, path: string, fallback: T): Promise<T> {
  if (navigator.onLine) {
    try { const rows = await get<T>(path); await kvSet(key, rows); return rows; } catch { /* the copy below */ }
  }
  return (await kvGet<T>(key).catch(() => undefined)) ?? fallback;
}

async function saved(): Promise<string> {
  const report = navigator.onLine ? await outbox.sync() : null;
  return report && report.kept.length === 0 && report.rejected.length === 0 ? m.saved : m.savedOffline;
}

export function Headache(props: { auth: Auth }) {
  return (
    <>
      <HeadacheForm />
      <p><a class="btn ghost" href="/headache/past">{m.pastHeadaches}</a></p>
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

function startChoice(entry?: HeadacheEntry): { start: number; day: number; time: string } {
  if (!entry) return { start: 0, day: 0, time: "08:00" };
  const at = new Date(entry.started_at);
  const today = new Date(); today.setHours(0, 0, 0, 0);
  const day = Math.max(0, Math.round((today.getTime() - new Date(at).setHours(0, 0, 0, 0)) / 86400e3));
  return { start: OTHER_START, day: Math.min(day, 6), time: `${pad(at.getHours())}:${pad(at.getMinutes())}` };
}

function medRows(entry?: HeadacheEntry): MedRow[] {
  return (entry?.medications ?? []).map((r) => ({
    pick: r.medication ?? OTHER_MED, name: r.medication ? "" : r.name ?? "", dose: r.dose ?? "",
    time: r.taken_at ? toLocalInput(new Date(r.taken_at)) : "", relief: r.relief_2h,
  }));
}

// Three taps for the common case: how bad, what kind, save (the start defaults to "just
// now"; a quick choice such as "yesterday" is one more). Everything else is folded under
// "More details". A warning sign, or a severe headache that peaked within a minute, is saved
// at once and answered full screen (Urgent). Given `editing`, the same form corrects an entry:
// the change goes through the outbox as a PATCH carrying the entry's `version`.
export function HeadacheForm(props: { editing?: HeadacheEntry; onDone?: (changed: HeadacheEntry | null) => void }) {
  const e0 = props.editing;
  const first = startChoice(e0);
  const [peak, setPeak] = useState<number | null>(e0?.peak_pain ?? null);
  const [start, setStart] = useState(first.start);
  const [day, setDay] = useState(first.day);
  const [time, setTime] = useState(first.time);
  // An entry from an app that never asked about the end: neither ended nor still going.
  const endUnknown = !!e0 && !e0.ended_at && !e0.still_going;
  const [ended, setEnded] = useState<"going" | "ended">(e0?.ended_at || endUnknown ? "ended" : "going");
  const [endAt, setEndAt] = useState(e0?.ended_at ? toLocalInput(new Date(e0.ended_at)) : "");
  const [kind, setKind] = useState<string | null>(e0?.kind ?? (e0?.migraine ? "migraine" : null));
  const [aura, setAura] = useState<boolean | null>(e0?.aura ?? null);
  const [neckFirst, setNeckFirst] = useState<boolean | null>(e0?.neck_pain_first ?? null);
  const [symptoms, setSymptoms] = useState<string[]>(e0?.symptoms ?? []);
  const [meds, setMeds] = useState(e0 ? e0.medication_taken && e0.medications.length === 0 : false);
  const [rows, setRows] = useState<MedRow[]>(medRows(e0));
  const [disability, setDisability] = useState<string | null>(e0?.disability ?? null);
  const [triggers, setTriggers] = useState<string[]>(e0?.triggers ?? []);
  const [menstruation, setMenstruation] = useState<boolean | null>(e0?.menstruation ?? null);
  const [notes, setNotes] = useState(e0?.notes ?? "");
  const [thunderclap, setThunderclap] = useState<boolean | null>(null);
  const [triggered, setTriggered] = useState<boolean | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [urgent, setUrgent] = useState(false);
  const [sessions, setSessions] = useState<RecentSession[]>([]);
  const [catalogue, setCatalogue] = useState<Catalogue[]>([]);
  const [clinicTriggers, setClinicTriggers] = useState<Trigger[]>([]);
  const [asksPeriod, setAsksPeriod] = useState(false);
  const [limits, setLimits] = useState({ emergency_number: DEFAULT_EMERGENCY_NUMBER, exercise_trigger_window_hours: 6 });
  useEffect(() => {
    if (!e0) recentSessions().then(setSessions, () => undefined);
    safety().then(setLimits, () => undefined);
    cached<Catalogue[]>("medications", "medications", []).then(setCatalogue, () => undefined);
    cached<Trigger[]>("triggers", "triggers", []).then(setClinicTriggers, () => undefined);
    cached<{ track_menstruation: boolean }>("diary-settings", "me/diary-settings", { track_menstruation: false })
      .then((v) => setAsksPeriod(v.track_menstruation), () => undefined);
  }, []);

  const startedAt = start === OTHER_START
    ? (() => { const d = new Date(); d.setDate(d.getDate() - day); const [h, mi] = time.split(":").map(Number); d.setHours(h || 0, mi || 0, 0, 0); return d > new Date() ? new Date() : d; })()
    : starts[start][1]();
  const windowMs = limits.exercise_trigger_window_hours * 3600e3;
  // The latest session in the window before the headache started: ask about it.
  const session = sessions
    .filter((r) => { const gap = startedAt.getTime() - new Date(r.performed_at).getTime(); return gap >= -300e3 && gap <= windowMs; })
    .sort((a, b) => b.performed_at.localeCompare(a.performed_at))[0];

  const reset = () => {
    setPeak(null); setKind(null); setMeds(false); setStart(0); setThunderclap(null); setTriggered(null);
    setEnded("going"); setEndAt(""); setAura(null); setNeckFirst(null); setSymptoms([]); setRows([]);
    setDisability(null); setTriggers([]); setMenstruation(null); setNotes("");
  };
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const diary = () => {
    const medications = rows.filter((r) => (r.pick === OTHER_MED ? r.name.trim() : r.pick)).map((r) => ({
      ...(r.pick === OTHER_MED ? { name: r.name.trim() } : { medication: r.pick }),
      dose: r.dose.trim(), taken_at: fromLocalInput(r.time)?.toISOString() ?? null, relief_2h: r.relief,
    }));
    const end = ended === "ended" ? fromLocalInput(endAt) ?? new Date() : null;
    // An edit that leaves the times alone keeps them to the second.
    const keepStart = e0 && start === first.start && day === first.day && time === first.time;
    const keepEnd = e0?.ended_at && ended === "ended" && endAt === toLocalInput(new Date(e0.ended_at));
    // Still unknown unless the patient now gives an end (or says it is still going).
    const keepUnknown = endUnknown && ended === "ended" && !endAt;
    return {
      started_at: keepStart ? e0.started_at : startedAt.toISOString(),
      ...(keepUnknown ? {} : { ended_at: keepEnd ? e0.ended_at : end ? (end > new Date() ? new Date() : end).toISOString() : null }),
      peak_pain: peak, kind, migraine: kind === "migraine", aura, neck_pain_first: neckFirst, symptoms,
      medications, medication_taken: meds || medications.length > 0, disability, triggers,
      ...(asksPeriod || menstruation != null ? { menstruation } : {}), notes: notes.trim(),
    };
  };
  const send = async (red_flags: string[]) => {
    if (peak == null) return;
    if (e0) {
      const changes = diary();
      await outbox.add("headache-edit", "PATCH", `headache-logs/${e0.id}`, { ...changes, version: e0.version });
      const result = await saved();
      setMsg(result);
      props.onDone?.(e0);
      return;
    }
    const body: Record<string, unknown> = {
      ...diary(), red_flags, exercise_triggered: session != null && triggered === true,
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
  const mustAnswer = !e0 && ((peak != null && peak >= 8 && thunderclap == null) || (session != null && triggered == null));
  const dayNames = Array.from({ length: 7 }, (_, i) => {
    const d = new Date(); d.setDate(d.getDate() - i);
    return i === 0 ? m.today : i === 1 ? m.yesterday : `${m.days[d.getDay()]} ${d.getDate()}`;
  });
  const setRow = (i: number, change: Partial<MedRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <form onSubmit={submit} aria-labelledby="h-h">
      {urgent && <Urgent number={limits.emergency_number} onClose={() => setUrgent(false)} />}
      <h1 id="h-h">{e0 ? m.editTitle : m.headacheTitle}</h1>
      {msg && <Notice kind="ok">{msg}</Notice>}
      <Scale name="peak" label={m.headachePeak} value={peak} onChange={(v) => { setPeak(v); setMsg(null); if (v < 8) setThunderclap(null); }} />
      {!e0 && peak != null && peak >= 8 && (
        <YesNo name="thunderclap" label={m.thunderclapQuestion} value={thunderclap}
               onChange={(v) => { setThunderclap(v); if (v) redFlag("thunderclap"); }} />
      )}
      <fieldset class="scale">
        <legend>{m.headacheStarted}</legend>
        <div class="scale-row">
          {[...starts.map(([label]) => label), m.startedOther].map((label, i) => (
            <label key={label} class={`chip wide${start === i ? " on" : ""}`}>
              <input type="radio" name="started" checked={start === i} onChange={() => { setStart(i); setTriggered(null); }} /><span>{label}</span>
            </label>
          ))}
        </div>
        {start === OTHER_START && (
          <div>
            <label class="field">{m.startedDay}
              <select aria-label={m.startedDay} value={day} onChange={(e) => setDay(Number(e.currentTarget.value))}>
                {dayNames.map((name, i) => <option key={i} value={i}>{name}</option>)}
              </select>
            </label>
            <label class="field">{m.startedTime}
              <input type="time" value={time} onInput={(e) => setTime(e.currentTarget.value)} />
            </label>
          </div>
        )}
      </fieldset>
      {session != null && (
        <YesNo name="exercise-triggered" label={m.exerciseTriggerQuestion(limits.exercise_trigger_window_hours)}
               value={triggered} onChange={setTriggered} />
      )}
      <Choices name="kind" label={m.headacheKind} value={kind} onChange={setKind}
               options={KINDS.map((k) => [k, m.headacheKinds[k]] as [string, string])} />
      <Choices name="ended" label={m.headacheEnded} value={ended} onChange={(v) => { setEnded(v); if (v === "ended" && !endAt) setEndAt(toLocalInput(new Date())); }}
               options={[["going", m.stillGoing], ["ended", m.hasEnded]]} />
      {ended === "ended" && (
        <label class="field">{m.endedAt}
          <input type="datetime-local" value={endAt} max={toLocalInput(new Date())} onInput={(e) => setEndAt(e.currentTarget.value)} />
        </label>
      )}
      <details class="card" open={!!e0 && (e0.medications.length > 0 || e0.aura != null || e0.symptoms.length > 0)}>
        <summary>{m.moreDetails}</summary>
        <YesNo name="aura" label={m.aura} value={aura} onChange={setAura} />
        <YesNo name="neck-first" label={m.neckFirst} value={neckFirst} onChange={setNeckFirst} />
        <fieldset class="scale">
          <legend>{m.symptomsTitle}</legend>
          {SYMPTOMS.map((s) => (
            <label class="check" key={s}><input type="checkbox" checked={symptoms.includes(s)} onChange={() => setSymptoms(toggle(symptoms, s))} />{m.symptoms[s]}</label>
          ))}
        </fieldset>
        <fieldset class="scale">
          <legend>{m.medicationsTitle}</legend>
          {[...rows, ...(rows.length === 0 ? [null] : [])].map((r, i) => (
            <div class="med" key={i}>
              <label class="field">{m.medicationPick}
                <select aria-label={m.medicationPick} value={r?.pick ?? ""} onChange={(e) => {
                  const pick = e.currentTarget.value;
                  if (r) setRow(i, { pick });
                  else if (pick) setRows([{ pick, name: "", dose: "", time: toLocalInput(startedAt), relief: null }]);
                }}>
                  <option value="">{m.medicationNone}</option>
                  {catalogue.map((c) => <option key={c.slug} value={c.slug}>{c.name}</option>)}
                  <option value={OTHER_MED}>{m.medicationOther}</option>
                </select>
              </label>
              {r && r.pick === OTHER_MED && (
                <label class="field">{m.medicationName}<input value={r.name} maxLength={200} onInput={(e) => setRow(i, { name: e.currentTarget.value })} /></label>
              )}
              {r && (
                <>
                  <label class="field">{m.medicationDose}<input value={r.dose} maxLength={100} onInput={(e) => setRow(i, { dose: e.currentTarget.value })} /></label>
                  <label class="field">{m.medicationTime}<input type="datetime-local" value={r.time} max={toLocalInput(new Date())} onInput={(e) => setRow(i, { time: e.currentTarget.value })} /></label>
                  <Choices name={`relief-${i}`} label={m.medicationRelief} value={r.relief} onChange={(v) => setRow(i, { relief: v })}
                           options={RELIEF.map((k) => [k, m.relief[k]] as [string, string])} />
                  <button type="button" class="btn ghost small" onClick={() => setRows(rows.filter((_, j) => j !== i))}>{m.medicationRemove}</button>
                </>
              )}
            </div>
          ))}
          {rows.length > 0 && rows.length < 10 && (
            <button type="button" class="btn ghost small" onClick={() => setRows([...rows, { pick: "", name: "", dose: "", time: toLocalInput(startedAt), relief: null }])}>{m.medicationAdd}</button>
          )}
          {rows.length === 0 && (
            <label class="check"><input type="checkbox" checked={meds} onChange={(e) => setMeds(e.currentTarget.checked)} />{m.medication}</label>
          )}
        </fieldset>
        <Choices name="disability" label={m.disabilityTitle} value={disability} onChange={setDisability}
                 options={DISABILITY.map((k) => [k, m.disability[k]] as [string, string])} />
        {clinicTriggers.length > 0 && (
          <fieldset class="scale">
            <legend>{m.triggersTitle}</legend>
            {clinicTriggers.map((t) => (
              <label class="check" key={t.slug}><input type="checkbox" checked={triggers.includes(t.slug)} onChange={() => setTriggers(toggle(triggers, t.slug))} />{t.name}</label>
            ))}
          </fieldset>
        )}
        {(asksPeriod || menstruation != null) && <YesNo name="menstruation" label={m.menstruation} value={menstruation} onChange={setMenstruation} />}
        <label class="field">{m.headacheNotes}<textarea value={notes} maxLength={2000} onInput={(e) => setNotes(e.currentTarget.value)} /></label>
      </details>
      {!e0 && peak != null && (
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
      <button class="btn big" type="submit" disabled={peak == null || mustAnswer}>{e0 ? m.saveChanges : m.saveHeadache}</button>
      {e0 && <button type="button" class="btn ghost" onClick={() => props.onDone?.(null)}>{m.cancel}</button>}
    </form>
  );
}

const HISTORY_DAYS = 90;

/** The patient's own entries, newest first, with what is still waiting in the outbox laid
 * over them: an edit shows at once, a deletion hides the entry, a new one shows as waiting. */
async function history(): Promise<{ rows: HeadacheEntry[]; waiting: Record<string, unknown>[]; stale: boolean }> {
  const since = localDate(undefined, new Date(Date.now() - HISTORY_DAYS * 86400e3));
  let stale = !navigator.onLine;
  let rows = (await kvGet<HeadacheEntry[]>("headache-history").catch(() => undefined)) ?? [];
  if (navigator.onLine) {
    try { rows = await get<HeadacheEntry[]>(`headache-logs?from=${since}`); await kvSet("headache-history", rows); }
    catch { stale = true; }
  }
  const pending = await outbox.pending();
  for (const e of pending) {
    const id = Number(/^headache-logs\/(\d+)$/.exec(e.path)?.[1]);
    if (e.kind === "headache-delete") rows = rows.filter((r) => r.id !== id);
    if (e.kind === "headache-edit") {
      rows = rows.map((r) => (r.id === id ? { ...r, ...(e.body as Partial<HeadacheEntry>), version: Number(e.body.version) + 1 } : r));
    }
  }
  const waiting = pending.filter((e) => e.kind === "headache-log").map((e) => e.body);
  return { rows, waiting, stale };
}

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export function HeadacheHistory() {
  const [data, setData] = useState<Awaited<ReturnType<typeof history>> | null>(null);
  const [editing, setEditing] = useState<HeadacheEntry | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const reload = () => history().then(setData, () => undefined);
  useEffect(() => { reload(); }, []);
  if (editing) {
    return <HeadacheForm editing={editing} onDone={(changed) => { setEditing(null); if (changed) setMsg(m.saved); reload(); }} />;
  }
  const remove = async (id: number) => {
    await outbox.add("headache-delete", "DELETE", `headache-logs/${id}`, {});
    setConfirming(null);
    const result = await saved();
    setMsg(result === m.saved ? m.deleted : result);
    reload();
  };
  return (
    <section aria-labelledby="past-h">
      <h1 id="past-h">{m.pastHeadachesTitle}</h1>
      <p><a class="btn ghost" href="/headache">{m.backToLog}</a></p>
      {msg && <Notice kind="ok">{msg}</Notice>}
      {data?.stale && <Notice kind="info">{m.pastOffline}</Notice>}
      <DiaryCalendar />
      {data && data.rows.length === 0 && data.waiting.length === 0 && <p>{m.pastNone}</p>}
      <ul class="plain">
        {data?.waiting.map((b, i) => (
          <li class="card" key={`w${i}`}>
            <strong>{when(String(b.started_at))}</strong>
            <p>{m.pastEntry(Number(b.peak_pain), b.kind ? m.headacheKinds[String(b.kind)] : null, !b.ended_at)} · {m.pastWaiting}</p>
          </li>
        ))}
        {data?.rows.map((r) => (
          <li class="card" key={r.id}>
            <strong>{when(r.started_at)}</strong>
            <p>{m.pastEntry(r.peak_pain, r.kind ? m.headacheKinds[r.kind] : r.migraine ? m.headacheKinds.migraine : null, !!r.still_going)}</p>
            {confirming === r.id ? (
              <div role="group" aria-label={m.deleteConfirm}>
                <p>{m.deleteConfirm}</p>
                <button type="button" class="btn" onClick={() => remove(r.id)}>{m.deleteYes}</button>
                <button type="button" class="btn ghost" onClick={() => setConfirming(null)}>{m.deleteNo}</button>
              </div>
            ) : (
              <div class="row">
                <button type="button" class="btn ghost small" aria-label={`${m.editEntry}: ${when(r.started_at)}`} onClick={() => setEditing(r)}>{m.editEntry}</button>
                <button type="button" class="btn ghost small" aria-label={`${m.deleteEntry}: ${when(r.started_at)}`} onClick={() => setConfirming(r.id)}>{m.deleteEntry}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
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

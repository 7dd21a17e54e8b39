import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, del, get, kvTodayGet, kvTodaySet, outbox, put, type Auth } from "../lib/api";
import { performedDose, prescribedDose, type Dose, type StepResult } from "../lib/performed";
import { Countdown, cue, speedFromUrl, stepsFor, type Prescription, type Step } from "../lib/timers";
import { m } from "../messages";
import { Loading, LoadError, Notice, Scale, YesNo, usePending, useLoad } from "../ui";

export interface TodayItem {
  assignment: number;
  item: number;
  exercise: { slug: string; name: string; kind: string; instructions: string; what_to_feel?: string; stop_if?: string; cues?: string[] };
  prescription: Prescription & { times_per_day?: number; target_mmhg?: number; days_of_week?: string[];
    warm_up_minutes?: number; warm_up_rpe?: string; main_minutes?: number; rpe_target?: string; cool_down_minutes?: number };
  due: number;
  done: number;
}
export interface TodayData {
  date: string;
  items: TodayItem[];
  notices?: { kind: string; message: string; since: string }[];
  safety?: { emergency_number: string; exercise_trigger_window_hours: number };
  skipped?: string | null; // the reason given for resting that day (PUT me/skips/{date})
}

const SKIP_REASONS = ["rest_after_red_event", "migraine", "illness", "other"];

/** "Rest today": a reason in one of four large buttons, no judgement; the day then leaves
 * adherence and gets no reminders. Undo if the patient exercises after all. */
function RestToday(props: { date: string; skipped: string | null; stopped: boolean; onChange: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (reason: string | null) => {
    setError(null);
    try {
      if (reason) await put(`me/skips/${props.date}`, { reason });
      else await del(`me/skips/${props.date}`);
      setAsking(false);
      props.onChange();
    } catch (x) {
      setError(x instanceof ApiError ? x.detail : m.loadFailed);
    }
  };
  if (props.skipped) {
    return (
      <div data-testid="resting">
        <Notice kind="ok">{m.resting(m.skipReason[props.skipped] ?? props.skipped)}</Notice>
        <button class="btn secondary" onClick={() => send(null)}>{m.restUndo}</button>
      </div>
    );
  }
  if (!asking) {
    return <div class="row" style={{ marginBottom: "1rem" }}><button class="btn secondary big" onClick={() => setAsking(true)}>{m.restToday}</button></div>;
  }
  return (
    <fieldset class="card" data-testid="rest-reasons">
      <legend>{m.restWhy}</legend>
      {error && <Notice kind="error">{error}</Notice>}
      <div style={{ display: "grid", gap: ".75rem" }}>
        {/* After a stop-and-rest notice, the reason it gives comes first. */}
        {(props.stopped ? SKIP_REASONS : [...SKIP_REASONS.slice(1), SKIP_REASONS[0]]).map((r) => (
          <button type="button" class="btn big secondary" key={r} onClick={() => send(r)}>{m.skipReason[r]}</button>
        ))}
        <button type="button" class="btn ghost" onClick={() => setAsking(false)}>{m.restCancel}</button>
      </div>
    </fieldset>
  );
}

// `?speed=N` (tests, demos) makes every timer N times faster; kept for this tab's session.
const SPEED = (() => {
  const fromUrl = speedFromUrl();
  if (fromUrl > 1) sessionStorage.setItem("speed", String(fromUrl));
  return Number(sessionStorage.getItem("speed")) || 1;
})();

export async function loadToday(): Promise<TodayData> {
  try {
    const t = await get<TodayData>("me/today");
    kvTodaySet(t);
    return t;
  } catch (err) {
    // The service worker answers from its cache when it can; this is the second net.
    const cached = await kvTodayGet<TodayData>();
    if (cached) return cached;
    throw err;
  }
}

export function doseText(it: TodayItem): string {
  const p = it.prescription, d = m.dose, parts: string[] = [];
  if (it.exercise.kind === "hold" && p.hold_seconds) parts.push(d.holds((p.reps ?? 1) * (p.sets ?? 1), p.hold_seconds));
  else if (p.reps) parts.push(d.reps(p.sets ?? 1, p.reps));
  if (p.duration_minutes) parts.push(d.minutes(p.duration_minutes));
  if (p.rest_seconds) parts.push(d.rest(p.rest_seconds));
  if (p.side) parts.push(d.side(p.side));
  else if (p.per_side) parts.push(d.perSide);
  if (p.target_mmhg) parts.push(d.target(p.target_mmhg));
  if (p.times_per_day) parts.push(d.timesPerDay(p.times_per_day));
  return parts.join(" · ");
}

/** An exercise to log and the dose done: as prescribed ("I did it"), or as guided. */
export interface Performed { item: TodayItem; dose: Dose }

export function Today(props: { auth: Auth }) {
  const [data, err, reload] = useLoad(loadToday, []);
  const [mode, setMode] = useState<"list" | "guided" | "end">("list");
  const [done, setDone] = useState<Performed[]>([]);
  // Fixed when the session starts: a log syncing meanwhile reloads the plan, and the
  // steps under way must not shift.
  const [guided, setGuided] = useState<TodayItem[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [nothing, setNothing] = useState(false);
  const pending = usePending();
  const pendingCount = useRef(pending.length);
  useEffect(() => {
    // Entries just synced: the server's view (done counts, notices) has changed.
    if (pending.length < pendingCount.current) reload();
    pendingCount.current = pending.length;
  }, [pending.length]);

  if (err && !data) return <LoadError retry={reload} />;
  if (!data) return <Loading />;

  // Logs still in the outbox count as done here already.
  const localDone = (it: TodayItem) => pending.filter((p) => p.kind === "session-log" && p.body.assignment === it.assignment &&
    (p.body.entries as { exercise: string }[]).some((e) => e.exercise === it.exercise.slug)).length;
  const items = data.items.map((it) => ({ ...it, done: Math.min(it.due || 99, it.done + localDone(it)) }));
  const remaining = items.filter((it) => it.done < it.due);

  if (mode === "guided") {
    return <Guided items={guided}
                   onFinish={(performed) => { setDone(performed); setNothing(performed.length === 0); setMode(performed.length ? "end" : "list"); }}
                   onCancel={() => setMode("list")} />;
  }
  if (mode === "end") {
    return <EndOfSession done={done} onSaved={(msg) => { setSaved(msg); setMode("list"); }} onCancel={() => setMode("list")} />;
  }
  return (
    <section aria-labelledby="today-h">
      <h1 id="today-h">{m.todayTitle}</h1>
      {(data.notices ?? []).map((n) => (
        <Notice kind="stop" title={m.stopAndRest} key={n.since}>{n.message}</Notice>
      ))}
      <PainAsked />
      {saved && <Notice kind="ok">{saved}</Notice>}
      {nothing && <Notice>{m.nothingLogged}</Notice>}
      {items.length === 0 && <p>{m.nothingDue}</p>}
      {(items.length > 0 || data.skipped) && (
        <RestToday date={data.date} skipped={data.skipped ?? null} stopped={(data.notices ?? []).length > 0} onChange={reload} />
      )}
      {items.length > 0 && (
        <div class="row" style={{ marginBottom: "1rem" }}>
          <button class="btn big" onClick={() => {
            setSaved(null); setNothing(false); setGuided(remaining.length ? remaining : items); setMode("guided");
          }}>{m.startGuided}</button>
        </div>
      )}
      {items.map((it) => (
        <article class="card" key={`${it.assignment}-${it.item}`} aria-labelledby={`ex-${it.item}`}>
          <h2 id={`ex-${it.item}`}>{it.exercise.name}</h2>
          <p class="dose">{doseText(it)}</p>
          <p class="muted">{it.done >= it.due && it.due > 0 ? `✓ ${m.allDone}` : m.doneOf(it.done, it.due)}</p>
          <details><summary>{m.instructions}</summary><p class="pre">{it.exercise.instructions}</p></details>
          {it.exercise.what_to_feel && <details><summary>{m.whatToFeel}</summary><p class="pre">{it.exercise.what_to_feel}</p></details>}
          {it.exercise.stop_if && <details open><summary>{m.stopIf}</summary><p class="pre">{it.exercise.stop_if}</p></details>}
          {it.exercise.cues && it.exercise.cues.length > 0 && (
            <details><summary>{m.watchFor}</summary><ul>{it.exercise.cues.map((c) => <li key={c}>{c}</li>)}</ul></details>
          )}
          <button class="btn secondary" onClick={() => {
            setSaved(null); setNothing(false); setDone([{ item: it, dose: prescribedDose(it.prescription) }]); setMode("end");
          }}>{m.logDone}</button>
        </article>
      ))}
    </section>
  );
}

function entriesFor(done: Performed[]) {
  const byAssignment = new Map<number, Record<string, unknown>[]>();
  for (const { item, dose } of done) {
    byAssignment.set(item.assignment, [...(byAssignment.get(item.assignment) ?? []), { exercise: item.exercise.slug, ...dose }]);
  }
  return byAssignment;
}

export function EndOfSession(props: { done: Performed[]; onSaved: (msg: string) => void; onCancel: () => void }) {
  // Nothing is pre-filled: a rating the patient did not choose would be evidence they never gave.
  const groups = [...entriesFor(props.done)];
  const rated = groups.filter(([assignment]) => props.done.some((d) => d.item.assignment === assignment && d.item.exercise.kind !== "checklist"));
  // One pain rating per program: each program's log carries its own, never one copied to all.
  const [pain, setPain] = useState<Record<number, number>>({});
  const [sore, setSore] = useState<number | null>(null);
  const [trig, setTrig] = useState<boolean | null>(null);
  const [notes, setNotes] = useState("");
  const [missing, setMissing] = useState<string[]>([]);
  const save = async (e: Event) => {
    e.preventDefault();
    const absent = [
      ...rated.filter(([assignment]) => pain[assignment] == null).map(([assignment]) => `pain-${assignment}`),
      ...(sore == null ? ["soreness"] : []), ...(trig == null ? ["triggered"] : []),
    ];
    if (absent.length) { setMissing(absent); return; }
    const performed_at = new Date().toISOString();
    for (const [assignment, entries] of groups) {
      await outbox.add("session-log", "POST", "session-logs", {
        assignment, performed_at, entries, pain_during: pain[assignment] ?? null, soreness_after: sore, headache_triggered: trig, notes,
      });
    }
    const report = navigator.onLine ? await outbox.sync() : null;
    props.onSaved(report && report.kept.length === 0 && report.rejected.length === 0 ? m.saved : m.savedOffline);
  };
  const names = (assignment: number) => props.done.filter((d) => d.item.assignment === assignment).map((d) => d.item.exercise.name).join(", ");
  return (
    <form onSubmit={save} aria-labelledby="end-h">
      <h1 id="end-h">{m.endTitle}</h1>
      <p class="muted">{props.done.map((d) => d.item.exercise.name).join(", ")}</p>
      {rated.map(([assignment]) => (
        <Scale key={assignment} name={`pain-${assignment}`} value={pain[assignment] ?? null}
               label={rated.length > 1 ? m.painDuringOf(names(assignment)) : m.painDuring}
               onChange={(v) => { setPain({ ...pain, [assignment]: v }); setMissing(missing.filter((x) => x !== `pain-${assignment}`)); }} />
      ))}
      <Scale name="soreness" label={m.sorenessAfter} value={sore} onChange={(v) => { setSore(v); setMissing(missing.filter((x) => x !== "soreness")); }} />
      <YesNo name="triggered" label={m.headacheTriggered} value={trig} onChange={(v) => { setTrig(v); setMissing(missing.filter((x) => x !== "triggered")); }} />
      <label class="field">{m.notes}<textarea rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} /></label>
      {missing.length > 0 && <Notice kind="error">{m.answerEach}</Notice>}
      <div class="row">
        <button class="btn big" type="submit">{m.saveSession}</button>
        <button class="btn secondary" type="button" onClick={props.onCancel}>{m.cancel}</button>
      </div>
    </form>
  );
}

/** A session log queued by an older app without a pain rating: the server asked for one,
 * and only the patient can give it (lib/outbox keeps the log until then). */
export function PainAsked() {
  const pending = usePending();
  const waiting = pending.filter((p) => p.needs === "pain_during");
  const [pain, setPain] = useState<Record<string, number>>({});
  if (!waiting.length) return null;
  return (
    <>
      {waiting.map((w) => (
        <Notice kind="info" key={w.client_id} title={m.painAskedTitle}>
          <p>{m.painAsked(new Date(w.created_at).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" }))}</p>
          <Scale name={`asked-${w.client_id}`} label={m.painDuring} value={pain[w.client_id] ?? null}
                 onChange={(v) => setPain({ ...pain, [w.client_id]: v })} />
          <button class="btn big" disabled={pain[w.client_id] == null} onClick={async () => {
            await outbox.answer(w.client_id, { pain_during: pain[w.client_id] });
            if (navigator.onLine) await outbox.sync();
          }}>{m.saveSession}</button>
        </Notice>
      ))}
    </>
  );
}

function Guided(props: { items: TodayItem[]; onFinish: (done: Performed[]) => void; onCancel: () => void }) {
  const steps = useMemo(() => props.items.flatMap((it, i) => stepsFor(i, it.exercise.kind, it.prescription)), [props.items]);
  const [idx, setIdx] = useState(0);
  // Holds run on by themselves once started, but each new exercise waits for Start: the
  // patient has to get into position first.
  const [startedItem, setStartedItem] = useState<number | null>(null);
  // A ref, not state: the last step finishes the session in the same tick as its result.
  const results = useRef<(StepResult | undefined)[]>([]);
  const step = steps[idx];
  const finish = () => props.onFinish(props.items.flatMap((item, i) => {
    const dose = performedDose(steps, results.current, i, item.prescription);
    return dose ? [{ item, dose }] : [];
  }));
  const next = (result: StepResult | null) => {
    if (result) results.current[idx] = result;
    if (idx + 1 >= steps.length) finish();
    else setIdx(idx + 1);
  };
  if (!step) return null;
  const it = props.items[step.item];
  return (
    <section aria-labelledby="g-h">
      <h1 id="g-h">{m.guidedTitle}</h1>
      <p class="muted">{m.stepOf(idx + 1, steps.length)}</p>
      <div class="progressbar" aria-hidden="true"><div style={{ width: `${(idx / steps.length) * 100}%` }} /></div>
      <h2>{it.exercise.name}</h2>
      <p class="dose">{doseText(it)}</p>
      <HowTo key={step.item} item={it} open={step.kind === "check"} />
      <StepView key={idx} step={step} item={it} autoStart={step.kind === "rest" || startedItem === step.item}
                onStart={() => setStartedItem(step.item)} onDone={next} />
      <div class="row" style={{ marginTop: "1.5rem" }}>
        <button class="btn secondary" onClick={finish}>{m.finish}</button>
        <button class="btn ghost" onClick={props.onCancel}>{m.stopSession}</button>
      </div>
    </section>
  );
}

/** Instructions written as "- " lines (the checklists) become a list to tick through. */
function listed(text: string): { intro: string; items: string[] } {
  const intro: string[] = [], items: string[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    if (t.startsWith("- ")) items.push(t.slice(2));
    else if (items.length && /^\s/.test(line)) items[items.length - 1] += ` ${t}`;
    else intro.push(t);
  }
  return { intro: intro.join(" "), items };
}

function HowTo(props: { item: TodayItem; open: boolean }) {
  const ex = props.item.exercise;
  const { intro, items } = listed(ex.instructions);
  return (
    <details open={props.open}>
      <summary>{m.instructions}</summary>
      {items.length ? <>{intro && <p>{intro}</p>}<ul>{items.map((line) => <li key={line}>{line}</li>)}</ul></>
        : <p class="pre">{ex.instructions}</p>}
      {ex.stop_if && <p><strong>{m.stopIf}:</strong> {ex.stop_if}</p>}
    </details>
  );
}

function StepView(props: { step: Step; item: TodayItem; autoStart: boolean; onStart: () => void; onDone: (result: StepResult | null) => void }) {
  const s = props.step;
  if (s.kind === "hold" || s.kind === "rest" || s.kind === "timed") {
    return <TimerStep step={s} autoStart={props.autoStart} onStart={props.onStart} onDone={props.onDone} />;
  }
  if (s.kind === "reps") return <RepsStep step={s} onDone={props.onDone} />;
  if (s.kind === "aerobic") return <AerobicStep step={s} item={props.item} onDone={props.onDone} />;
  return (
    <div class="row">
      <button class="btn big" onClick={() => props.onDone({})}>{m.markDone}</button>
      <button class="btn ghost" onClick={() => props.onDone(null)}>{m.skip}</button>
    </div>
  );
}

function TimerStep(props: { step: Extract<Step, { kind: "hold" | "rest" | "timed" }>; autoStart: boolean; onStart: () => void; onDone: (result: StepResult | null) => void }) {
  const s = props.step;
  const [left, setLeft] = useState(s.seconds);
  const [running, setRunning] = useState(false);
  const cd = useRef<Countdown | null>(null);
  const finished = () => {
    cue(s.kind === "rest" ? "start" : "end");
    props.onDone(s.kind === "rest" ? null : { seconds: s.seconds });
  };
  const skip = () => {
    const elapsed = cd.current ? Math.floor((s.seconds * 1000 - cd.current.remaining()) / 1000) : 0;
    cd.current?.cancel();
    // A hold let go early is not a hold; the minutes of a timed exercise still count.
    props.onDone(s.kind === "timed" && elapsed > 0 ? { seconds: elapsed } : null);
  };
  useEffect(() => {
    cd.current = new Countdown(s.seconds, setLeft, finished, undefined, SPEED);
    if (props.autoStart) { cd.current.start(); setRunning(true); }
    return () => cd.current?.cancel();
  }, []);
  const label = s.kind === "hold" ? m.holdOf(s.rep, s.of, s.side) : s.kind === "rest" ? m.rest : m.start;
  return (
    <div>
      <p class="dose" aria-live="polite">{label}</p>
      <div class={`timer${s.kind === "rest" ? " rest" : ""}`} role="timer" aria-label={m.secondsLeft(left)}>{left}</div>
      <div class="row">
        {!running ? (
          <button class="btn big" onClick={() => { cue("start"); props.onStart(); cd.current?.start(); setRunning(true); }}>
            {cd.current && cd.current.remaining() < s.seconds * 1000 ? m.resume : m.start}
          </button>
        ) : (
          <button class="btn big secondary" onClick={() => { cd.current?.pause(); setRunning(false); }}>{m.pause}</button>
        )}
        <button class="btn ghost" onClick={skip}>{m.skip}</button>
      </div>
    </div>
  );
}

function RepsStep(props: { step: Extract<Step, { kind: "reps" }>; onDone: (result: StepResult | null) => void }) {
  const s = props.step;
  const [n, setN] = useState(0);
  return (
    <div>
      <p class="dose">{m.setOf(s.set, s.of, s.side)}</p>
      <div class="timer" aria-live="polite">{m.repsDone(n, s.reps)}</div>
      <div class="row">
        <button class="btn big" onClick={() => { const v = n + 1; setN(v); if (v === s.reps) cue("end"); }}>{m.addRep}</button>
        {/* Counting is optional: "Set done" without a count is the set as prescribed. */}
        <button class="btn secondary" onClick={() => props.onDone({ reps: n || s.reps })}>{m.setDone}</button>
        <button class="btn ghost" onClick={() => props.onDone(null)}>{m.skip}</button>
      </div>
    </div>
  );
}

function AerobicStep(props: { step: Extract<Step, { kind: "aerobic" }>; item: TodayItem; onDone: (result: StepResult | null) => void }) {
  const p = props.item.prescription, plan = m.aerobicPlan;
  const [min, setMin] = useState(props.step.minutes);
  const [rpe, setRpe] = useState<number | null>(null);
  return (
    <div>
      {(p.warm_up_minutes || p.main_minutes || p.cool_down_minutes) && (
        <ul>
          {p.warm_up_minutes ? <li>{plan.warmUp(p.warm_up_minutes, p.warm_up_rpe)}</li> : null}
          {p.main_minutes ? <li>{plan.main(p.main_minutes, p.rpe_target)}</li> : null}
          {p.cool_down_minutes ? <li>{plan.coolDown(p.cool_down_minutes)}</li> : null}
        </ul>
      )}
      <label class="field">{m.aerobicMinutes}
        <input type="number" inputMode="numeric" min={0} max={600} value={min}
               onInput={(e) => setMin(Math.min(600, Math.max(0, Math.round(Number(e.currentTarget.value) || 0))))} />
      </label>
      <Scale name="rpe" label={m.rpe} min={6} max={20} value={rpe} onChange={setRpe} labels={m.rpeLabels} />
      <div class="row">
        <button class="btn big" onClick={() => props.onDone({ minutes: min, rpe })}>{m.markDone}</button>
        <button class="btn ghost" onClick={() => props.onDone(null)}>{m.skip}</button>
      </div>
    </div>
  );
}

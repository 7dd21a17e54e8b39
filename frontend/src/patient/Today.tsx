import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { get, kvTodayGet, kvTodaySet, outbox, type Auth } from "../lib/api";
import { Countdown, cue, speedFromUrl, stepsFor, type Prescription, type Step } from "../lib/timers";
import { m } from "../messages";
import { Loading, LoadError, Notice, Scale, YesNo, usePending, useLoad } from "../ui";

export interface TodayItem {
  assignment: number;
  item: number;
  exercise: { slug: string; name: string; kind: string; instructions: string; what_to_feel?: string; stop_if?: string; cues?: string[] };
  prescription: Prescription & { times_per_day?: number; target_mmhg?: number; days_of_week?: string[] };
  due: number;
  done: number;
}
export interface TodayData {
  date: string;
  items: TodayItem[];
  notices?: { kind: string; message: string; since: string }[];
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
  if (p.per_side) parts.push(d.perSide);
  if (p.target_mmhg) parts.push(d.target(p.target_mmhg));
  if (p.times_per_day) parts.push(d.timesPerDay(p.times_per_day));
  return parts.join(" · ");
}

type Perf = Record<number, { reps?: number; sets?: number; hold_seconds?: number; duration_minutes?: number; rpe?: number }>;

export function Today(props: { auth: Auth }) {
  const [data, err, reload] = useLoad(loadToday, []);
  const [mode, setMode] = useState<"list" | "guided" | "end">("list");
  const [perf, setPerf] = useState<Perf>({});
  const [onlyItems, setOnlyItems] = useState<TodayItem[] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
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
    return <Guided items={remaining.length ? remaining : items} onFinish={(p) => { setPerf(p); setOnlyItems(remaining.length ? remaining : items); setMode("end"); }}
                   onCancel={() => setMode("list")} />;
  }
  if (mode === "end") {
    return <EndOfSession items={onlyItems ?? items} perf={perf} quick={false}
                         onSaved={(msg) => { setSaved(msg); setMode("list"); }} onCancel={() => setMode("list")} />;
  }
  return (
    <section aria-labelledby="today-h">
      <h1 id="today-h">{m.todayTitle}</h1>
      {(data.notices ?? []).map((n) => (
        <Notice kind="stop" title={m.stopAndRest} key={n.since}>{n.message}</Notice>
      ))}
      {saved && <Notice kind="ok">{saved}</Notice>}
      {items.length === 0 && <p>{m.nothingDue}</p>}
      {items.length > 0 && (
        <div class="row" style={{ marginBottom: "1rem" }}>
          <button class="btn big" onClick={() => { setSaved(null); setMode("guided"); }}>{m.startGuided}</button>
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
          <button class="btn secondary" onClick={() => { setSaved(null); setOnlyItems([it]); setPerf({}); setMode("end"); }}>{m.logDone}</button>
        </article>
      ))}
    </section>
  );
}

function entriesFor(items: TodayItem[], perf: Perf) {
  const byAssignment = new Map<number, Record<string, unknown>[]>();
  items.forEach((it, i) => {
    const p = it.prescription, done = perf[i];
    const entry = {
      exercise: it.exercise.slug,
      sets: done?.sets ?? p.sets ?? null,
      reps: done?.reps ?? p.reps ?? null,
      hold_seconds: done?.hold_seconds ?? p.hold_seconds ?? null,
      duration_minutes: done?.duration_minutes ?? p.duration_minutes ?? null,
      rpe: done?.rpe ?? null,
    };
    byAssignment.set(it.assignment, [...(byAssignment.get(it.assignment) ?? []), entry]);
  });
  return byAssignment;
}

export function EndOfSession(props: { items: TodayItem[]; perf: Perf; quick: boolean; onSaved: (msg: string) => void; onCancel: () => void }) {
  const [pain, setPain] = useState<number | null>(0);
  const [sore, setSore] = useState<number | null>(null);
  const [trig, setTrig] = useState<boolean | null>(false);
  const [notes, setNotes] = useState("");
  const [missing, setMissing] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    if (pain == null || sore == null || trig == null) { setMissing(true); return; }
    const performed_at = new Date().toISOString();
    for (const [assignment, entries] of entriesFor(props.items, props.perf)) {
      await outbox.add("session-log", "POST", "session-logs", {
        assignment, performed_at, entries, pain_during: pain, soreness_after: sore, headache_triggered: trig, notes,
      });
    }
    const report = navigator.onLine ? await outbox.sync() : null;
    props.onSaved(report && report.kept.length === 0 && report.rejected.length === 0 ? m.saved : m.savedOffline);
  };
  return (
    <form onSubmit={save} aria-labelledby="end-h">
      <h1 id="end-h">{m.endTitle}</h1>
      <p class="muted">{props.items.map((i) => i.exercise.name).join(", ")}</p>
      <Scale name="pain" label={m.painDuring} value={pain} onChange={setPain} />
      <Scale name="soreness" label={m.sorenessAfter} value={sore} onChange={(v) => { setSore(v); setMissing(false); }} />
      <YesNo name="triggered" label={m.headacheTriggered} value={trig} onChange={setTrig} />
      <label class="field">{m.notes}<textarea rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} /></label>
      {missing && <Notice kind="error">{m.sorenessAfter}</Notice>}
      <div class="row">
        <button class="btn big" type="submit">{m.saveSession}</button>
        <button class="btn secondary" type="button" onClick={props.onCancel}>{m.cancel}</button>
      </div>
    </form>
  );
}

function Guided(props: { items: TodayItem[]; onFinish: (p: Perf) => void; onCancel: () => void }) {
  const steps = useMemo(() => props.items.flatMap((it, i) => stepsFor(i, it.exercise.kind, it.prescription)), [props.items]);
  const [idx, setIdx] = useState(0);
  const [perf, setPerf] = useState<Perf>({});
  const [started, setStarted] = useState(false);
  const step = steps[idx];
  const perfRef = useRef(perf);
  const record = (item: number, patch: Perf[number]) => {
    // Kept in a ref too: the last step finishes the session in the same tick.
    perfRef.current = { ...perfRef.current, [item]: { ...perfRef.current[item], ...patch } };
    setPerf(perfRef.current);
  };
  const next = () => {
    if (idx + 1 >= steps.length) props.onFinish(perfRef.current);
    else setIdx(idx + 1);
  };
  if (!step) { props.onFinish(perf); return null; }
  const it = props.items[step.item];
  return (
    <section aria-labelledby="g-h">
      <h1 id="g-h">{m.guidedTitle}</h1>
      <p class="muted">{m.stepOf(idx + 1, steps.length)}</p>
      <div class="progressbar" aria-hidden="true"><div style={{ width: `${(idx / steps.length) * 100}%` }} /></div>
      <h2>{it.exercise.name}</h2>
      <p class="dose">{doseText(it)}</p>
      <StepView key={idx} step={step} started={started || step.kind !== "hold"}
                onStart={() => setStarted(true)}
                onDone={(patch) => { if (patch) record(step.item, patch); next(); }} />
      <div class="row" style={{ marginTop: "1.5rem" }}>
        <button class="btn secondary" onClick={() => props.onFinish(perfRef.current)}>{m.finish}</button>
        <button class="btn ghost" onClick={props.onCancel}>{m.stopSession}</button>
      </div>
    </section>
  );
}

function StepView(props: { step: Step; started: boolean; onStart: () => void; onDone: (patch?: Perf[number]) => void }) {
  const s = props.step;
  if (s.kind === "hold" || s.kind === "rest" || s.kind === "timed") {
    return <TimerStep step={s} autoStart={props.started} onStart={props.onStart} onDone={props.onDone} />;
  }
  if (s.kind === "reps") return <RepsStep step={s} onDone={props.onDone} />;
  if (s.kind === "aerobic") return <AerobicStep step={s} onDone={props.onDone} />;
  return <button class="btn big" onClick={() => props.onDone({})}>{m.markDone}</button>;
}

function TimerStep(props: { step: Extract<Step, { kind: "hold" | "rest" | "timed" }>; autoStart: boolean; onStart: () => void; onDone: (patch?: Perf[number]) => void }) {
  const s = props.step;
  const [left, setLeft] = useState(s.seconds);
  const [running, setRunning] = useState(false);
  const cd = useRef<Countdown | null>(null);
  const finished = () => {
    cue(s.kind === "rest" ? "start" : "end");
    if (s.kind === "hold") props.onDone({ reps: s.rep, hold_seconds: s.seconds });
    else if (s.kind === "timed") props.onDone({ duration_minutes: Math.round(s.seconds / 60) });
    else props.onDone();
  };
  useEffect(() => {
    cd.current = new Countdown(s.seconds, setLeft, finished, undefined, SPEED);
    if (props.autoStart) { cd.current.start(); setRunning(true); }
    return () => cd.current?.cancel();
  }, []);
  const label = s.kind === "hold" ? m.holdOf(s.rep, s.of) : s.kind === "rest" ? m.rest : m.start;
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
        <button class="btn ghost" onClick={() => { cd.current?.cancel(); props.onDone(); }}>{m.skip}</button>
      </div>
    </div>
  );
}

function RepsStep(props: { step: Extract<Step, { kind: "reps" }>; onDone: (patch?: Perf[number]) => void }) {
  const s = props.step;
  const [n, setN] = useState(0);
  return (
    <div>
      <p class="dose">{m.setOf(s.set, s.of)}</p>
      <div class="timer" aria-live="polite">{m.repsDone(n, s.reps)}</div>
      <div class="row">
        <button class="btn big" onClick={() => { const v = n + 1; setN(v); if (v === s.reps) cue("end"); }}>{m.addRep}</button>
        <button class="btn secondary" onClick={() => props.onDone({ sets: s.set, reps: Math.max(n, 0) || s.reps })}>{m.setDone}</button>
      </div>
    </div>
  );
}

function AerobicStep(props: { step: Extract<Step, { kind: "aerobic" }>; onDone: (patch?: Perf[number]) => void }) {
  const [min, setMin] = useState(props.step.minutes);
  const [rpe, setRpe] = useState<number | null>(null);
  return (
    <div>
      <label class="field">{m.aerobicMinutes}
        <input type="number" inputMode="numeric" min={0} max={600} value={min} onInput={(e) => setMin(Number(e.currentTarget.value))} />
      </label>
      <Scale name="rpe" label={m.rpe} min={6} max={20} value={rpe} onChange={setRpe} labels={m.rpeLabels} />
      <button class="btn big" onClick={() => props.onDone({ duration_minutes: min, rpe: rpe ?? undefined })}>{m.markDone}</button>
    </div>
  );
}

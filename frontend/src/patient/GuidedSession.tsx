import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { performedDose, type StepResult } from "../lib/performed";
import { Countdown, cue, speedFromUrl, stepsFor, type Step } from "../lib/timers";
import { m } from "../messages";
import { Scale } from "../ui";
import { DemonstrationView } from "../demonstration/lazy";
import type { GuidedState } from "./guidedProgress";
import { doseText, type Performed, type TodayItem } from "./plan";

// `?speed=N` (tests, demos) makes every timer N times faster; kept for this tab's session.
const SPEED = (() => {
  const fromUrl = speedFromUrl();
  if (fromUrl > 1) sessionStorage.setItem("speed", String(fromUrl));
  return Number(sessionStorage.getItem("speed")) || 1;
})();

export function Guided(props: { items: TodayItem[]; onFinish: (done: Performed[]) => void; onCancel: () => void;
                                start?: GuidedState; onProgress?: (state: GuidedState) => void }) {
  const steps = useMemo(() => props.items.flatMap((it, i) => stepsFor(i, it.exercise.kind, it.prescription)), [props.items]);
  // A kept session (guidedProgress) resumes at the step it reached, waiting for Start.
  const [idx, setIdx] = useState(() => Math.min(props.start?.idx ?? 0, Math.max(0, steps.length - 1)));
  // Holds run on by themselves once started, but each new exercise waits for Start: the
  // patient has to get into position first.
  const [startedItem, setStartedItem] = useState<number | null>(null);
  const [stopping, setStopping] = useState(false);
  // A ref, not state: the last step finishes the session in the same tick as its result.
  const results = useRef<(StepResult | undefined)[]>((props.start?.results ?? []).map((r) => r ?? undefined));
  const step = steps[idx];
  const performed = () => props.items.flatMap((item, i) => {
    const dose = performedDose(steps, results.current, i, item.prescription);
    return dose ? [{ item, dose }] : [];
  });
  const finish = () => props.onFinish(performed());
  const next = (result: StepResult | null) => {
    if (result) results.current[idx] = result;
    if (idx + 1 >= steps.length) return finish();
    setIdx(idx + 1);
    props.onProgress?.({ idx: idx + 1, results: results.current.map((r) => r ?? null) });
  };
  if (!step) return null;
  const it = props.items[step.item];
  return (
    <section aria-labelledby="g-h">
      <h1 id="g-h">{m.guidedTitle}</h1>
      <p class="muted">{m.stepOf(idx + 1, steps.length)}</p>
      <div class="progressbar" aria-hidden="true"><div style={{ width: `${(idx / steps.length) * 100}%` }} /></div>
      {/* The drawn figure beside the name, dose and timer, holding as long as this dose. */}
      <DemonstrationView key={`demo-${step.item}`} demonstration={it.exercise.demonstration} dose={it.prescription} compact
                         phase={step.kind === "hold" || step.kind === "rest" ? step.kind : undefined} />
      <h2>{it.exercise.name}</h2>
      <p class="dose">{doseText(it)}</p>
      <HowTo key={step.item} item={it} open={step.kind === "check"} />
      {stopping ? <StopAsk done={performed()} onKeep={() => setStopping(false)} onLog={finish} onDiscard={props.onCancel} /> : (
        <>
          <StepView key={idx} step={step} item={it} autoStart={step.kind === "rest" || startedItem === step.item}
                    onStart={() => setStartedItem(step.item)} onDone={next} />
          <div class="row" style={{ marginTop: "1.5rem" }}>
            <button class="btn secondary" onClick={finish}>{m.finish}</button>
            <button class="btn ghost" onClick={() => setStopping(true)}>{m.stopSession}</button>
          </div>
        </>
      )}
    </section>
  );
}

/** Stop asks first: keep going, log what was done, or leave without logging. The step
 * under way stops meanwhile (a hold starts again on "Keep going"). */
function StopAsk(props: { done: Performed[]; onKeep: () => void; onLog: () => void; onDiscard: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  const any = props.done.length > 0;
  return (
    <div class="card" ref={box} tabIndex={-1} role="group" aria-labelledby="stop-h" data-testid="stop-ask">
      <h2 id="stop-h">{m.stopAsk.title}</h2>
      <p>{any ? m.stopAsk.done(props.done.map((d) => d.item.exercise.name).join(", ")) : m.stopAsk.nothing}</p>
      <div style={{ display: "grid", gap: ".75rem" }}>
        {any && <button class="btn big" onClick={props.onLog}>{m.stopAsk.log}</button>}
        <button class={`btn big${any ? " secondary" : ""}`} onClick={props.onKeep}>{m.stopAsk.keep}</button>
        <button class="btn ghost" onClick={props.onDiscard}>{m.stopAsk.discard}</button>
      </div>
    </div>
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

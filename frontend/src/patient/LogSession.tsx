import { useState } from "preact/hooks";
import { outbox } from "../lib/api";
import { NOTES_MAX } from "../lib/outbox";
import { m } from "../messages";
import { focusFirst, Notice, Scale, YesNo, usePending } from "../ui";
import type { Performed } from "./plan";

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
  // Gaze stabilisation progresses on dizziness (issue 10): one rating per such exercise.
  const dizzyItems = props.done.filter((d) => d.item.exercise.rates_dizziness).map((d) => d.item.exercise.slug);
  const [dizzy, setDizzy] = useState<Record<string, number>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const save = async (e: Event) => {
    e.preventDefault();
    const absent = [
      ...rated.filter(([assignment]) => pain[assignment] == null).map(([assignment]) => `pain-${assignment}`),
      ...dizzyItems.filter((slug) => dizzy[slug] == null).map((slug) => `dizziness-${slug}`),
      ...(sore == null ? ["soreness"] : []), ...(trig == null ? ["triggered"] : []),
    ];
    if (absent.length) { setMissing(absent); focusFirst(e.currentTarget as HTMLFormElement, absent); return; }
    const performed_at = new Date().toISOString();
    for (const [assignment, rows] of groups) {
      const entries = rows.map((e) => (dizzy[e.exercise as string] != null ? { ...e, dizziness: dizzy[e.exercise as string] } : e));
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
      {dizzyItems.map((slug) => (
        <Scale key={slug} name={`dizziness-${slug}`} value={dizzy[slug] ?? null} hint={m.dizzinessHint}
               label={m.dizzinessDuring(props.done.find((d) => d.item.exercise.slug === slug)!.item.exercise.name)}
               onChange={(v) => { setDizzy({ ...dizzy, [slug]: v }); setMissing(missing.filter((x) => x !== `dizziness-${slug}`)); }} />
      ))}
      <Scale name="soreness" label={m.sorenessAfter} value={sore} onChange={(v) => { setSore(v); setMissing(missing.filter((x) => x !== "soreness")); }} />
      <YesNo name="triggered" label={m.headacheTriggered} value={trig} onChange={(v) => { setTrig(v); setMissing(missing.filter((x) => x !== "triggered")); }} />
      <label class="field">{m.notes}<textarea rows={2} value={notes} maxLength={NOTES_MAX} aria-describedby="notes-count"
        onInput={(e) => setNotes(e.currentTarget.value.slice(0, NOTES_MAX))} />
        <span id="notes-count" class="muted" data-testid="notes-count" aria-live="polite">{m.notesCount(notes.length, NOTES_MAX)}</span></label>
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


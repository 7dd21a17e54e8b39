import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, newId, post, type AdherenceReport as Adherence, type Assignment, type Auth } from "../lib/api";
import { navigate } from "../lib/router";
import { m } from "../messages";
import { Bars, focusFirst, Line, Loading, LoadError, Notice, useLoad } from "../ui";
import { PsfsForm, type PsfsInstrument } from "./Psfs";

// The API's answers, typed from the schema (lib/api).
export type { AdherenceReport as Adherence, Assignment, Week } from "../lib/api";
interface Due { instrument: string; due: boolean; overdue: boolean; due_on: string }
interface Option { key: string; label: string; score: number }
// Fixed questions (`items`: HIT-6, NDI, MIDAS) or the patient's own activities (PSFS).
interface Instrument extends Omit<PsfsInstrument, "activities"> { short_name: string; recall_period: string;
  items?: { key: string; text: string; response: { type: string; answer_with?: "key" | "score"; options?: Option[]; min?: number; max?: number; unit?: string } }[];
  activities?: PsfsInstrument["activities"] }

export const shortDate = (d: string) => new Date(d + "T00:00:00").toLocaleDateString([], { day: "numeric", month: "short" });

/** `open`: a questionnaire to open at once (the re-measure prompt's link), if it is due. */
export function Progress(props: { auth: Auth; open?: string }) {
  const [adh, e1, r1] = useLoad(() => get<Adherence>("me/adherence?weeks=8"));
  const [asg, asgErr] = useLoad(() => get<Assignment[]>("me/assignments"));
  const [out] = useLoad(() => get<{ verdict: string; evidence_for: string[] }>("me/outcomes"));
  if (e1 && !adh) return <LoadError retry={r1} />;
  if (!adh) return <Loading />;
  const weeks = adh.weeks.filter((w) => w.sessions_prescribed > 0 || w.headache_days > 0 || w.max_soreness != null);
  return (
    <section aria-labelledby="p-h">
      <h1 id="p-h">{m.progressTitle}</h1>
      <p>{m.streak(adh.current_streak_days)}</p>
      <p><a class="btn secondary" href="/checkin/weekly">{m.weekly.open}</a></p>
      {out && m.patientVerdict[out.verdict] && (
        <article class="card" aria-labelledby="v-h" data-testid="patient-verdict">
          <h2 id="v-h">{m.yourProgress}</h2>
          <p>{m.patientVerdict[out.verdict]}</p>
          {out.verdict !== "too_early" && out.evidence_for.length > 0 && (
            <>
              <h3>{m.patientEvidence}</h3>
              <ul>{out.evidence_for.map((e) => <li key={e}>{e}</li>)}</ul>
            </>
          )}
        </article>
      )}
      <Bars title={m.adherenceByWeek} max={100} unit="%" data={weeks.map((w) => ({ label: m.week(shortDate(w.week_start)), value: w.adherence_pct }))} />
      <h2>{m.headacheDays}</h2>
      <p>{m.headacheVsBaseline(adh.headache_days_last_28, adh.baseline_headache_days_28)}</p>
      <Bars title={m.headacheChart} data={weeks.map((w) => ({ label: m.week(shortDate(w.week_start)), value: w.headache_days }))}
            baseline={adh.baseline_headache_days_28 != null ? adh.baseline_headache_days_28 / 4 : null} />
      <Line title={m.sorenessTrend} max={10} values={weeks.map((w) => w.max_soreness)} labels={weeks.map((w) => shortDate(w.week_start))} />
      {(asg ?? []).filter((a) => a.status === "active").map((a) => (
        <article class="card" key={a.id}>
          <h2>{m.phase}: {a.template_name}</h2>
          <p>{m.phaseNow(a.current_phase_name, a.current_phase + 1, a.phases.length)}</p>
          {a.progression && <PhaseOutlook progression={a.progression} />}
        </article>
      ))}
      {/* A linked questionnaire opens once the cards above are in: they would push it away. */}
      <Questionnaires open={asg !== undefined || asgErr !== undefined ? props.open : undefined} />
    </section>
  );
}

/** What the engine says about the next phase, as the patient may hear it. A step back is
 * the engine's proposal to the therapist: until they confirm it (and the phase above shows
 * it), the patient hears that the therapist will look at it, not the proposal. */
function PhaseOutlook(props: { progression: NonNullable<Assignment["progression"]> }) {
  const p = props.progression;
  if (p.state === "regress_suggested") return <p data-testid="phase-review">{m.phaseReview}</p>;
  // A hold on the first phase says there is "nothing to step back to": not the patient's news.
  const reasons = p.reasons.filter((r) => !/step(ping)? back/i.test(r));
  if (!reasons.length) return null;
  return (
    <>
      <h3>{m.nextPhase}</h3>
      <ul>{reasons.map((r) => <li key={r}>{r}</li>)}</ul>
    </>
  );
}

function Questionnaires(props: { open?: string }) {
  const [due, err, reload] = useLoad(() => get<Due[]>("me/measures/due"));
  const [instruments] = useLoad(() => get<Instrument[]>("measures/instruments"));
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useRef<HTMLDivElement>(null);
  const linked = useRef(false);
  useEffect(() => {
    // The linked questionnaire opens once both lists are in, and only if it is due: one
    // that is not (already answered, say) leaves the patient on Progress.
    if (linked.current || !props.open || !due || !instruments) return;
    linked.current = true;
    if (due.some((d) => d.due && d.instrument === props.open)) setOpen(props.open);
    else navigate("/progress", true);
  }, [due, instruments, props.open]);
  useEffect(() => {
    // It sits below the charts: bring it into view, with focus at its start.
    if (!open || open !== props.open) return;
    form.current?.scrollIntoView({ block: "start" });
    form.current?.focus({ preventScroll: true });
  }, [open]);
  const close = (msg: string | null) => {
    setDone(msg); setOpen(null);
    if (props.open) navigate("/progress", true);
    if (msg) reload();
  };
  if (err) return null;
  const list = (due ?? []).filter((d) => d.due);
  const inst = instruments?.find((i) => i.slug === open);
  return (
    <section aria-labelledby="q-h">
      <h2 id="q-h">{m.questionnaires}</h2>
      {done && <Notice kind="ok">{done}</Notice>}
      {list.length === 0 && <p class="muted">{m.noneDue}</p>}
      {inst ? <div ref={form} tabIndex={-1}><MeasureForm inst={inst} onDone={(msg) => close(msg)} onCancel={() => close(null)} /></div> : (
        <div class="row">
          {list.map((d) => {
            const i = instruments?.find((x) => x.slug === d.instrument);
            return <button class="btn secondary" key={d.instrument} onClick={() => { setDone(null); setOpen(d.instrument); }}>{m.fillIn(i?.short_name ?? d.instrument)}</button>;
          })}
        </div>
      )}
    </section>
  );
}

function MeasureForm(props: { inst: Instrument; onDone: (msg: string) => void; onCancel: () => void }) {
  const { inst } = props;
  if (inst.activities) return <PsfsForm {...props} inst={{ ...inst, activities: inst.activities }} />;
  return <ItemsForm {...props} items={inst.items ?? []} />;
}

function ItemsForm(props: { inst: Instrument; items: NonNullable<Instrument["items"]>; onDone: (msg: string) => void; onCancel: () => void }) {
  const { inst, items } = props;
  const supported = items.length > 0 && items.every((q) => q.response.type === "options" || q.response.type === "integer");
  const [answers, setAnswers] = useState<(string | number | null)[]>(() => items.map(() => null));
  const [err, setErr] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const errRef = useRef<HTMLDivElement>(null);
  useEffect(() => { if (err) { errRef.current?.scrollIntoView({ block: "center" }); errRef.current?.focus({ preventScroll: true }); } }, [err]);
  if (!supported) return <Notice>{m.askTherapist} <button class="btn small" onClick={props.onCancel}>{m.close}</button></Notice>;
  const submit = async (e: Event) => {
    e.preventDefault();
    // Ten questions are longer than a phone's screen: the first one unanswered comes into view.
    const absent = items.filter((q, i) => q.response.type === "options" && answers[i] == null).map((q) => q.key);
    setMissing(absent);
    if (absent.length) { focusFirst(formRef.current, absent); return; }
    try {
      const r = await post<{ score: number; band: string; band_label?: string }>("measures", { instrument: inst.slug, answers, client_id: newId() });
      props.onDone(m.measureSaved(r.score, r.band_label ?? r.band));
    } catch (x) {
      setErr(x instanceof ApiError ? x : new ApiError(0, "offline", m.loadFailed));
    }
  };
  return (
    <form onSubmit={submit} class="card" ref={formRef}>
      <h3>{inst.name}</h3>
      <p>{inst.instructions} <span class="muted">({inst.recall_period})</span></p>
      {err && <div ref={errRef} tabIndex={-1}><Notice kind="error">{err.detail}</Notice></div>}
      {items.map((q, i) => (
        q.response.type === "options" ? (
          <fieldset class="scale" key={q.key}>
            <legend>{i + 1}. {q.text}</legend>
            {missing.includes(q.key) && <p class="field-error">{m.chooseAnswer}</p>}
            {q.response.options!.map((o) => {
              const v = q.response.answer_with === "score" ? o.score : o.key;
              return (
                <label class="check" key={o.key}>
                  <input type="radio" name={q.key} checked={answers[i] === v} onChange={() => {
                    setAnswers(answers.map((a, j) => (j === i ? v : a))); setMissing(missing.filter((k) => k !== q.key));
                  }} />
                  {o.label}
                </label>
              );
            })}
          </fieldset>
        ) : (
          <label class="field" key={q.key}>{i + 1}. {q.text}
            <input type="number" inputMode="numeric" min={q.response.min} max={q.response.max} required
                   onInput={(e) => setAnswers(answers.map((a, j) => (j === i ? Number(e.currentTarget.value) : a)))} />
          </label>
        )
      ))}
      <div class="row">
        <button class="btn" type="submit">{m.submit}</button>
        <button class="btn secondary" type="button" onClick={props.onCancel}>{m.cancel}</button>
      </div>
    </form>
  );
}

import { useRef, useState } from "preact/hooks";
import { ApiError, createAssignment, listTemplates, type ProgramTemplate } from "../lib/api";
import { m } from "../messages";
import { doseWords } from "../patient/plan";
import { Notice, useLoad } from "../ui";
import { daysBetween, longDate } from "./format";

// The dose fields a therapist may change at assignment, with the limits the server applies
// (programs/schema/prescription.schema.json, which the server checks through assignments.dose):
// the form says them before the server has to.
export const DOSE_LIMITS: Record<string, [number, number]> = {
  sets: [1, 20], reps: [1, 100], hold_seconds: [1, 600], duration_minutes: [1, 240], times_per_day: [1, 12],
};
const NUMBER_FIELDS = Object.keys(DOSE_LIMITS);
const SIDES = ["left", "right", "both"];
// The fields that mean something for each kind of exercise (any the template sets show too).
const KIND_FIELDS: Record<string, string[]> = {
  hold: ["sets", "reps", "hold_seconds", "times_per_day", "side"], reps: ["sets", "reps", "times_per_day", "side"],
  aerobic: ["duration_minutes", "times_per_day"], timed: ["duration_minutes", "times_per_day", "side"],
};
const fieldsFor = (ex: ExerciseDose) => {
  const byKind = KIND_FIELDS[ex.kind ?? ""] ?? [...NUMBER_FIELDS, "side"];
  return [...NUMBER_FIELDS, "side"].filter((f) => byKind.includes(f) || ex.dose[f] != null);
};
// A start further back or ahead than this asks first (a typo in the year is easy to make).
const FAR_PAST_DAYS = 30, FAR_FUTURE_DAYS = 90;

interface ExerciseDose { slug: string; name: string; kind: string | null; dose: Record<string, unknown> }

/** Each exercise of the program once, with its dose where it first appears. */
export function programExercises(t: ProgramTemplate): ExerciseDose[] {
  const seen = new Map<string, ExerciseDose>();
  for (const ph of t.phases) for (const it of ph.items) {
    const ex = it.exercise;
    if (!seen.has(ex.slug)) seen.set(ex.slug, { slug: ex.slug, name: ex.name ?? ex.slug, kind: ex.kind, dose: it.prescription });
  }
  return [...seen.values()];
}

const fieldKey = (slug: string, field: string) => `overrides.${slug}.${field}`;

/** The form's own checks, in the same words as the server's. */
function check(exercises: ExerciseDose[], dose: Record<string, Record<string, string>>, start: string, end: string) {
  const errors: Record<string, string> = {};
  for (const ex of exercises) for (const field of NUMBER_FIELDS) {
    const v = dose[ex.slug]?.[field];
    if (v == null || v === "") continue;
    const [low, high] = DOSE_LIMITS[field], n = Number(v);
    if (!Number.isInteger(n) || n < low || n > high) errors[fieldKey(ex.slug, field)] = m.work.wholeFromTo(m.work.doseFields[field], low, high);
  }
  if (end && start && end < start) errors.end_date = m.work.endBeforeStart;
  return errors;
}

export function AssignForm(props: { id: number; onDone: () => void }) {
  const [templates] = useLoad(listTemplates);
  const [slug, setSlug] = useState("");
  const today = new Date().toISOString().slice(0, 10);
  const [start, setStart] = useState(today);
  const [end, setEnd] = useState("");
  const [dose, setDose] = useState<Record<string, Record<string, string>>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [askFar, setAskFar] = useState(false);
  const [doseOpen, setDoseOpen] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const t = templates?.find((x) => x.slug === slug);
  const exercises = t ? programExercises(t) : [];

  const showErrors = (found: Record<string, string>, detail: string) => {
    setErrors(found);
    setSummary(detail);
    if (Object.keys(found).some((k) => k.startsWith("overrides."))) setDoseOpen(true);
    // A long form: the first field at fault is scrolled to and focused.
    requestAnimationFrame(() => {
      const first = form.current?.querySelector<HTMLElement>("[aria-invalid=true]");
      if (first) { first.scrollIntoView?.({ block: "center" }); first.focus(); }
    });
  };
  const fix = (key: string) => {
    if (!(key in errors)) return;
    const rest = { ...errors };
    delete rest[key];
    setErrors(rest);
    if (Object.keys(rest).length === 0) setSummary(null);
  };

  const send = async () => {
    const overrides: Record<string, Record<string, number | string | string[]>> = {};
    for (const [ex, fields] of Object.entries(dose)) for (const [k, v] of Object.entries(fields)) {
      if (v !== "") (overrides[ex] ??= {})[k] = k === "side" ? v : k === "days_of_week" ? v.split(",") : Number(v);
    }
    try {
      await createAssignment(props.id, {
        template: slug, start_date: start, ...(end ? { end_date: end } : {}),
        ...(Object.keys(overrides).length ? { overrides } : {}),
      });
      setSlug(""); setDose({}); setEnd(""); setErrors({}); setSummary(null); setAskFar(false);
      props.onDone();
    } catch (x) {
      setAskFar(false);
      if (!(x instanceof ApiError)) { setSummary(String(x)); return; }
      const found: Record<string, string> = {};
      for (const [k, v] of Object.entries(x.fields)) found[k] = v.join(" ");
      showErrors(found, x.detail);
    }
  };
  const days = daysBetween(today, start);
  const far = days < -FAR_PAST_DAYS || days > FAR_FUTURE_DAYS;
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = check(exercises, dose, start, end);
    if (Object.keys(found).length) { showErrors(found, m.work.checkBelow); return; }
    if (far && !askFar) { setAskFar(true); return; }
    await send();
  };
  const err = (key: string) => errors[key] && <span class="field-error" id={`e-${key}`}>{errors[key]}</span>;
  const invalid = (key: string) => ({ "aria-invalid": key in errors ? true : undefined, "aria-describedby": key in errors ? `e-${key}` : undefined });
  // Errors the form has no field for (the program, a screening still needed...).
  const elsewhere = Object.entries(errors).filter(([k]) => k !== "end_date" && k !== "start_date" && !k.startsWith("overrides."));

  return (
    <form class="card" onSubmit={submit} aria-labelledby="af-h" ref={form} noValidate>
      <h3 id="af-h">{m.assign}</h3>
      {summary && <Notice kind="error">{summary}{elsewhere.map(([k, v]) => <span key={k}> {v}</span>)}</Notice>}
      <div class="grid2">
        <label class="field">{m.template}
          <select name="template" value={slug} required onChange={(e) => { setSlug(e.currentTarget.value); setDose({}); setErrors({}); setSummary(null); }}>
            <option value="">–</option>
            {(templates ?? []).map((x) => <option key={x.slug} value={x.slug}>{x.name}</option>)}
          </select>
        </label>
        <label class="field">{m.startDate}
          <input type="date" name="start_date" value={start} required {...invalid("start_date")}
                 onInput={(e) => { setStart(e.currentTarget.value); setAskFar(false); fix("start_date"); fix("end_date"); }} />
          {err("start_date")}
        </label>
        <label class="field">{m.work.endDate}
          <input type="date" name="end_date" value={end} min={start} {...invalid("end_date")}
                 onInput={(e) => { setEnd(e.currentTarget.value); fix("end_date"); }} />
          {err("end_date")}
        </label>
      </div>
      {t && <p class="muted">{t.summary}</p>}
      {exercises.length > 0 && (
        <details open={doseOpen} onToggle={(e) => setDoseOpen((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>{m.doseChanges}</summary>
          {exercises.map((ex) => (
            <fieldset class="dose-set" key={ex.slug}>
              <legend>{m.work.doseLegend(ex.name, doseWords(ex.kind, ex.dose))}</legend>
              <div class="dose-grid">
                {NUMBER_FIELDS.filter((k) => fieldsFor(ex).includes(k)).map((k) => {
                  const key = fieldKey(ex.slug, k), now = ex.dose[k];
                  const [low, high] = DOSE_LIMITS[k];
                  return (
                    <label class="field" key={k}>
                      {m.work.doseFields[k]}{m.work.doseUnits[k] ? ` (${m.work.doseUnits[k]})` : ""}
                      <span class="muted hint-small"> {now != null ? m.work.doseNow(now as number) : ""}</span>
                      <input type="number" inputMode="numeric" min={low} max={high} step={1} name={key}
                             placeholder={now != null ? String(now) : m.work.keep} value={dose[ex.slug]?.[k] ?? ""} {...invalid(key)}
                             onInput={(e) => { setDose({ ...dose, [ex.slug]: { ...dose[ex.slug], [k]: e.currentTarget.value } }); fix(key); }} />
                      {err(key)}
                    </label>
                  );
                })}
                {/* The self-SNAG's side is the therapist's choice (required for it). */}
                {fieldsFor(ex).includes("side") && <label class="field">{m.work.doseFields.side}
                  <select name={fieldKey(ex.slug, "side")} value={dose[ex.slug]?.side ?? ""} {...invalid(fieldKey(ex.slug, "side"))}
                          onChange={(e) => { setDose({ ...dose, [ex.slug]: { ...dose[ex.slug], side: e.currentTarget.value } }); fix(fieldKey(ex.slug, "side")); }}>
                    <option value="">{typeof ex.dose.side === "string" ? m.work.sides[ex.dose.side] ?? ex.dose.side : m.work.keep}</option>
                    {SIDES.map((sd) => <option key={sd} value={sd}>{m.work.sides[sd]}</option>)}
                  </select>
                  {err(fieldKey(ex.slug, "side"))}
                </label>}
                <DaysPicker name={fieldKey(ex.slug, "days_of_week")} now={ex.dose.days_of_week as string[] | undefined}
                            value={dose[ex.slug]?.days_of_week ?? ""} error={errors[fieldKey(ex.slug, "days_of_week")]}
                            onChange={(v) => { setDose({ ...dose, [ex.slug]: { ...dose[ex.slug], days_of_week: v } }); fix(fieldKey(ex.slug, "days_of_week")); }} />
              </div>
            </fieldset>
          ))}
        </details>
      )}
      {askFar ? (
        <div role="alertdialog" aria-labelledby="far-q" class="notice info">
          <p id="far-q">{days < 0 ? m.work.farPast(-days, longDate(start)) : m.work.farFuture(days, longDate(start))}</p>
          <div class="row">
            <button class="btn" type="button" onClick={send}>{m.work.assignAnyway(longDate(start))}</button>
            <button class="btn secondary" type="button" onClick={() => { setAskFar(false); form.current?.querySelector<HTMLInputElement>("input[name=start_date]")?.focus(); }}>{m.work.changeDate}</button>
          </div>
        </div>
      ) : (
        <button class="btn" type="submit" disabled={!slug}>{m.assignSubmit}</button>
      )}
    </form>
  );
}

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** The days an exercise is due, as tick boxes; none ticked keeps the program's days. The
 * value is the days joined by commas ("" for as now). */
function DaysPicker(props: { name: string; now?: string[]; value: string; error?: string; onChange: (v: string) => void }) {
  const chosen = props.value ? props.value.split(",") : [];
  const toggle = (day: string) => props.onChange(WEEKDAYS.filter((d) => (d === day) !== chosen.includes(d)).join(","));
  return (
    <fieldset class="days" aria-invalid={props.error ? true : undefined} aria-describedby={props.error ? `e-${props.name}` : undefined}>
      <legend>{m.work.days}<span class="muted hint-small"> {props.now?.length ? m.work.doseNow(props.now.map((d) => m.work.dayShort[d]).join(", ")) : m.work.everyDay}</span></legend>
      {WEEKDAYS.map((d) => (
        <label key={d} class="day"><input type="checkbox" name={props.name} value={d} checked={chosen.includes(d)} onChange={() => toggle(d)} /> {m.work.dayShort[d]}</label>
      ))}
      {props.error && <span class="field-error" id={`e-${props.name}`}>{props.error}</span>}
    </fieldset>
  );
}

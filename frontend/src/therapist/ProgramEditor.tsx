// One assignment's program on the therapist's patient page: the exercises of a phase with
// their doses in words (the server's `dose_text`, the same words the patient's Today shows),
// the schedule, the phase timeline and the history; a form per item to change its dose
// (labelled fields with the current value, units and the schema's limits, errors next to
// the field), adding or removing an exercise, and moving the phase by hand with a reason.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, patch, post } from "../lib/api";
import { m } from "../messages";
import { Loading, Notice, useId, useLoad } from "../ui";

type Value = number | string | string[] | null | undefined;
interface DoseField { field: string; label: string; unit: string | null; min: number | null; max: number | null; kind: "integer" | "rpe" | "days"; clearable: boolean }
interface Item {
  id: number; phase: number; exercise: { slug: string; name: string; kind: string };
  prescription: Record<string, Value>; dose_text: string; dose_fields: DoseField[];
}
interface Program {
  id: number; template_name: string; status: string; start_date: string; end_date: string | null;
  current_phase: number; pauses: [string, string | null][]; phase_timeline: [string, number][];
  phases: { index: number; name: string; items: Item[] }[];
}
interface Change {
  kind: string; changed_at: string; changed_by: { first_name: string; last_name: string } | null;
  what: string; reason: string;
}
interface Exercise { slug: string; name: string; required_prescription?: string[] }

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const day = (iso: string) => new Date(iso + "T00:00:00").toLocaleDateString([], { day: "numeric", month: "short", year: "numeric" });
const stamp = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

export function ProgramEditor(props: { id: number; onChange?: () => void }) {
  const [a, , reload] = useLoad(() => get<Program>(`assignments/${props.id}`), [props.id]);
  const [history, , reloadH] = useLoad(() => get<Change[]>(`assignments/${props.id}/history`), [props.id]);
  const [shown, setShown] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const hId = useId();
  if (!a) return <Loading />;
  const phaseIndex = shown ?? a.current_phase;
  const phase = a.phases[phaseIndex];
  const changed = () => { setSaved(true); reload(); reloadH(); props.onChange?.(); };
  const open = a.status !== "ended";
  // The day each phase began (the last time the timeline entered it).
  const began = new Map<number, string>();
  for (const [from, p] of a.phase_timeline) began.set(p, from);
  return (
    <section class="program" aria-labelledby={hId} data-testid={`program-${a.id}`}>
      <h4 id={hId}>{m.program.title}</h4>
      <p data-testid="schedule"><strong>{m.program.schedule}:</strong> {m.program.started(day(a.start_date))} · {m.program.ends(a.end_date ? day(a.end_date) : null)}
        {a.pauses.map(([from, to]) => <span key={from}> · {m.program.paused(day(from), to ? day(to) : null)}</span>)}</p>
      <h5>{m.program.phases}</h5>
      <ol class="timeline" data-testid="phase-timeline">
        {a.phases.map((p) => (
          <li key={p.index} aria-current={p.index === a.current_phase ? "step" : undefined}>
            {p.index === a.current_phase ? <strong>{m.program.phaseFrom(p.index + 1, p.name, began.has(p.index) ? day(began.get(p.index)!) : null, true)}</strong>
              : m.program.phaseFrom(p.index + 1, p.name, began.has(p.index) ? day(began.get(p.index)!) : null, false)}
          </li>
        ))}
      </ol>
      {a.phases.length > 1 && (
        <label class="field">{m.program.showPhase}
          <select value={phaseIndex} onChange={(e) => { setShown(Number(e.currentTarget.value)); setSaved(false); }}>
            {a.phases.map((p) => <option key={p.index} value={p.index}>{`${p.index + 1}. ${p.name}`}</option>)}
          </select>
        </label>
      )}
      {saved && <Notice kind="ok">{m.program.saved}</Notice>}
      <h5>{m.program.exercisesIn(phase.name)}</h5>
      <ul class="items" data-testid="program-items">
        {phase.items.map((it) => <ItemRow key={it.id} a={a} item={it} editable={open} onSaved={changed} />)}
      </ul>
      {open && <AddExercise a={a} phase={phaseIndex} onSaved={changed} />}
      {open && a.phases.length > 1 && <MovePhase a={a} onSaved={changed} />}
      <h5>{m.program.history}</h5>
      <ol class="timeline" data-testid="program-history">
        {(history ?? []).map((h, i) => (
          <li key={`${h.changed_at}-${i}`}>
            <span class="muted">{stamp(h.changed_at)}</span> — {h.what}
            {" "}<span class="muted">{m.program.by(h.changed_by ? `${h.changed_by.first_name} ${h.changed_by.last_name}` : null)}</span>
            {h.reason && <span> · {m.program.because(h.reason)}</span>}
          </li>
        ))}
        {history && history.length === 0 && <li class="muted">{m.program.noHistory}</li>}
      </ol>
    </section>
  );
}

function ItemRow(props: { a: Program; item: Item; editable: boolean; onSaved: () => void }) {
  const it = props.item;
  const [editing, setEditing] = useState(false);
  const [err, setErr] = useState<ApiError | null>(null);
  const remove = async () => {
    if (!confirm(m.program.removeConfirm(it.exercise.name))) return;
    setErr(null);
    try { await patch(`assignments/${props.a.id}`, { remove_items: [it.id] }); props.onSaved(); }
    catch (x) { setErr(x instanceof ApiError ? x : new ApiError(0, "error", String(x))); }
  };
  return (
    <li class="card" data-testid={`item-${it.exercise.slug}`}>
      <strong>{it.exercise.name}</strong>
      <p class="dose" data-testid="dose-text">{it.dose_text}</p>
      {err && <Notice kind="error">{err.field("remove_items.0") ?? err.detail}</Notice>}
      {props.editable && !editing && (
        <div class="row">
          <button class="btn secondary small" aria-label={m.program.edit(it.exercise.name)} onClick={() => setEditing(true)}>{m.program.editShort}</button>
          <button class="btn ghost small" onClick={remove}>{m.program.remove}</button>
        </div>
      )}
      {editing && <DoseForm a={props.a} item={it} onDone={(ok) => { setEditing(false); if (ok) props.onSaved(); }} />}
    </li>
  );
}

const shownValue = (f: DoseField, v: Value): string => {
  if (f.kind === "days") return Array.isArray(v) && v.length ? v.map((d) => m.weekdays[d] ?? d).join(", ") : m.program.everyDay;
  if (v == null || v === "") return m.program.none;
  return f.unit ? `${v} ${f.unit}` : String(v);
};

function DoseForm(props: { a: Program; item: Item; onDone: (saved: boolean) => void }) {
  const it = props.item;
  const initial = () => Object.fromEntries(it.dose_fields.map((f) => [f.field, f.kind === "days" ? [...((it.prescription[f.field] as string[]) ?? [])]
    : it.prescription[f.field] == null ? "" : String(it.prescription[f.field])]));
  const [values, setValues] = useState<Record<string, string | string[]>>(initial);
  const [reason, setReason] = useState("");
  const [err, setErr] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const fieldErr = (f: string) => err?.field(`item_doses.0.${f}`);
  useEffect(() => {
    // The first field in error gets the focus (a long form: it may be off-screen).
    const bad = form.current?.querySelector<HTMLElement>("[aria-invalid='true']");
    bad?.focus();
  }, [err]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const change: Record<string, Value> = {};
    for (const f of it.dose_fields) {
      const v = values[f.field];
      const before = it.prescription[f.field];
      if (f.kind === "days") {
        const days = WEEKDAYS.filter((d) => (v as string[]).includes(d));
        const was = WEEKDAYS.filter((d) => ((before as string[]) ?? []).includes(d));
        if (days.join() !== was.join()) change[f.field] = days;
      } else {
        const text = (v as string).trim();
        const next: Value = text === "" ? null : f.kind === "integer" && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
        if ((before ?? null) !== next) change[f.field] = next;
      }
    }
    if (Object.keys(change).length === 0) { props.onDone(false); return; }
    setBusy(true); setErr(null);
    try {
      await patch(`assignments/${props.a.id}`, { item_doses: [{ id: it.id, ...change }], reason });
      props.onDone(true);
    } catch (x) { setErr(x instanceof ApiError ? x : new ApiError(0, "error", String(x))); }
    finally { setBusy(false); }
  };
  const base = `dose-${it.id}`;
  return (
    <form ref={form} onSubmit={submit} noValidate aria-label={m.program.edit(it.exercise.name)} data-testid="dose-form">
      {err && <Notice kind="error">{Object.keys(err.fields).length ? m.program.fixBelow : err.detail}</Notice>}
      <div class="dose-grid">
        {it.dose_fields.map((f) => {
          const id = `${base}-${f.field}`, bad = fieldErr(f.field);
          const hint = f.kind === "rpe" ? m.program.rpeHint : f.kind === "integer" ? `${m.program.limits(f.min, f.max)}${f.unit ? ` ${f.unit}` : ""}${f.clearable ? `. ${m.program.empty}` : ""}` : "";
          const now = m.program.now(shownValue(f, it.prescription[f.field]));
          if (f.kind === "days") {
            return (
              <fieldset key={f.field} class="scale dose-days" aria-invalid={bad ? "true" : undefined} aria-describedby={`${id}-now${bad ? ` ${id}-err` : ""}`} tabIndex={bad ? -1 : undefined}>
                <legend>{f.label}</legend>
                <p class="hint muted" id={`${id}-now`}>{now}</p>
                <div class="scale-row">
                  {WEEKDAYS.map((d) => {
                    const on = (values[f.field] as string[]).includes(d);
                    return (
                      <label key={d} class={`chip${on ? " on" : ""}`}>
                        <input type="checkbox" checked={on} onChange={() => setValues({ ...values, [f.field]: on ? (values[f.field] as string[]).filter((x) => x !== d) : [...(values[f.field] as string[]), d] })} />
                        <span>{m.weekdays[d]}</span>
                      </label>
                    );
                  })}
                </div>
                {bad && <p class="field-error" id={`${id}-err`}>{bad}</p>}
              </fieldset>
            );
          }
          return (
            <div key={f.field} class="dose-field">
              <label class="field">{f.label}{f.unit ? ` (${f.unit})` : ""}
                <input id={id} inputMode={f.kind === "integer" ? "numeric" : "text"} type="text" value={values[f.field] as string}
                       aria-invalid={bad ? "true" : undefined} aria-describedby={`${id}-now${bad ? ` ${id}-err` : ""}`}
                       onInput={(e) => { setValues({ ...values, [f.field]: e.currentTarget.value }); if (bad && err) setErr(new ApiError(err.status, err.code, err.detail, Object.fromEntries(Object.entries(err.fields).filter(([k]) => k !== `item_doses.0.${f.field}`)))); }} />
              </label>
              <p class="hint muted" id={`${id}-now`}>{now}{hint ? ` · ${hint}` : ""}</p>
              {bad && <p class="field-error" id={`${id}-err`}>{bad}</p>}
            </div>
          );
        })}
      </div>
      <label class="field">{m.program.reason}
        <input type="text" value={reason} maxLength={2000} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <div class="row">
        <button class="btn small" type="submit" disabled={busy}>{m.program.save}</button>
        <button class="btn ghost small" type="button" onClick={() => props.onDone(false)}>{m.program.cancel}</button>
      </div>
    </form>
  );
}

function AddExercise(props: { a: Program; phase: number; onSaved: () => void }) {
  const [list] = useLoad(() => get<Exercise[]>("exercises"), []);
  const [slug, setSlug] = useState("");
  const [side, setSide] = useState("");
  const [reason, setReason] = useState("");
  const [err, setErr] = useState<ApiError | null>(null);
  const needsSide = (list ?? []).find((x) => x.slug === slug)?.required_prescription?.includes("side") ?? false;
  const inPhase = new Set(props.a.phases[props.phase].items.map((i) => i.exercise.slug));
  const id = useId();
  const submit = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    try {
      const prescription = needsSide && side ? { side } : {};
      await patch(`assignments/${props.a.id}`, { add_items: [{ phase: props.phase, exercise: slug, prescription }], reason });
      setSlug(""); setSide(""); setReason(""); props.onSaved();
    } catch (x) { setErr(x instanceof ApiError ? x : new ApiError(0, "error", String(x))); }
  };
  const problem = err && (Object.values(err.fields).flat().join(" ") || err.detail);
  return (
    <form onSubmit={submit} aria-labelledby={id} class="subform">
      <h5 id={id}>{m.program.add}</h5>
      {problem && <Notice kind="error">{problem}</Notice>}
      <label class="field">{m.program.exercise}
        <select value={slug} required onChange={(e) => setSlug(e.currentTarget.value)}>
          <option value="">{m.program.chooseExercise}</option>
          {(list ?? []).filter((x) => !inPhase.has(x.slug)).map((x) => <option key={x.slug} value={x.slug}>{x.name}</option>)}
        </select>
      </label>
      {needsSide && (
        <label class="field">{m.program.side}
          <select value={side} onChange={(e) => setSide(e.currentTarget.value)}>
            <option value="">{m.program.chooseSide}</option>
            {["left", "right", "both"].map((v) => <option key={v} value={v}>{m.program.sides[v]}</option>)}
          </select>
        </label>
      )}
      <label class="field">{m.program.reason}
        <input type="text" value={reason} maxLength={2000} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button class="btn secondary small" type="submit" disabled={!slug}>{m.program.addButton}</button>
    </form>
  );
}

function MovePhase(props: { a: Program; onSaved: () => void }) {
  const a = props.a;
  const others = a.phases.filter((p) => p.index !== a.current_phase);
  const [to, setTo] = useState<number>(others[0]?.index ?? 0);
  const [reason, setReason] = useState("");
  const [err, setErr] = useState<string | null>(null);
  const id = useId();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) { setErr(m.program.reasonNeeded); return; }
    setErr(null);
    try {
      // The progression app's move: it records who and why and answers an open proposal.
      await post(`assignments/${a.id}/${to > a.current_phase ? "advance" : "regress"}`, { from_phase: a.current_phase, to_phase: to, reason: reason.trim() });
      setReason(""); props.onSaved();
    } catch (x) { setErr(x instanceof ApiError ? x.detail : String(x)); }
  };
  return (
    <form onSubmit={submit} aria-labelledby={id} class="subform" noValidate>
      <h5 id={id}>{m.program.move}</h5>
      {err && <Notice kind="error">{err}</Notice>}
      <label class="field">{m.program.moveTo}
        <select value={to} onChange={(e) => setTo(Number(e.currentTarget.value))}>
          {others.map((p) => <option key={p.index} value={p.index}>{`${p.index + 1}. ${p.name}`}</option>)}
        </select>
      </label>
      <label class="field">{m.program.reason}
        <input type="text" value={reason} required maxLength={2000} aria-invalid={err === m.program.reasonNeeded ? "true" : undefined}
               onInput={(e) => { setReason(e.currentTarget.value); if (err === m.program.reasonNeeded) setErr(null); }} />
      </label>
      <button class="btn secondary small" type="submit">{m.program.moveButton}</button>
    </form>
  );
}

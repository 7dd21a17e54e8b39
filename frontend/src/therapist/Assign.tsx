import { useState } from "preact/hooks";
import { ApiError, createAssignment, listTemplates } from "../lib/api";
import { m } from "../messages";
import { Notice, useLoad } from "../ui";

export function AssignForm(props: { id: number; onDone: () => void }) {
  const [templates] = useLoad(listTemplates);
  const [slug, setSlug] = useState("");
  const [start, setStart] = useState(new Date().toISOString().slice(0, 10));
  const [dose, setDose] = useState<Record<string, Record<string, string>>>({});
  const [err, setErr] = useState<ApiError | null>(null);
  const t = templates?.find((x) => x.slug === slug);
  const exercises = t ? [...new Set(t.phases.flatMap((ph) => ph.items.map((i) => (typeof i.exercise === "string" ? i.exercise : i.exercise.slug))))] : [];
  const submit = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    const overrides: Record<string, Record<string, number | string>> = {};
    for (const [ex, fields] of Object.entries(dose)) for (const [k, v] of Object.entries(fields)) {
      if (v !== "") (overrides[ex] ??= {})[k] = k === "side" ? v : Number(v);
    }
    try {
      await createAssignment(props.id, { template: slug, start_date: start, ...(Object.keys(overrides).length ? { overrides } : {}) });
      setSlug(""); setDose({});
      props.onDone();
    } catch (x) { setErr(x as ApiError); }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="af-h">
      <h3 id="af-h">{m.assign}</h3>
      {err && <Notice kind="error">{err.detail} {Object.entries(err.fields ?? {}).map(([k, v]) => `${k}: ${v.join(" ")}`).join("; ")}</Notice>}
      <div class="grid2">
        <label class="field">{m.template}
          <select name="template" value={slug} required onChange={(e) => setSlug(e.currentTarget.value)}>
            <option value="">–</option>
            {(templates ?? []).map((x) => <option key={x.slug} value={x.slug}>{x.name}</option>)}
          </select>
        </label>
        <label class="field">{m.startDate}<input type="date" value={start} required onInput={(e) => setStart(e.currentTarget.value)} /></label>
      </div>
      {t && <p class="muted">{t.summary}</p>}
      {exercises.length > 0 && (
        <details>
          <summary>{m.doseChanges}</summary>
          <table class="list">
            <thead><tr><th></th><th>reps</th><th>hold_seconds</th><th>sets</th><th>duration_minutes</th><th>side</th></tr></thead>
            <tbody>{exercises.map((ex) => (
              <tr key={ex}><th>{ex}</th>{["reps", "hold_seconds", "sets", "duration_minutes"].map((k) => (
                <td key={k}><input type="number" min={0} aria-label={`${ex} ${k}`} style={{ width: "5rem", minHeight: "44px" }} value={dose[ex]?.[k] ?? ""}
                  onInput={(e) => setDose({ ...dose, [ex]: { ...dose[ex], [k]: e.currentTarget.value } })} /></td>
              ))}
              {/* The self-SNAG's side is the therapist's choice (required for it). */}
              <td><select aria-label={`${ex} side`} value={dose[ex]?.side ?? ""} style={{ minHeight: "44px" }}
                  onChange={(e) => setDose({ ...dose, [ex]: { ...dose[ex], side: e.currentTarget.value } })}>
                <option value="">–</option><option value="left">left</option><option value="right">right</option><option value="both">both</option>
              </select></td></tr>
            ))}</tbody>
          </table>
        </details>
      )}
      <button class="btn" type="submit" disabled={!slug}>{m.assignSubmit}</button>
    </form>
  );
}


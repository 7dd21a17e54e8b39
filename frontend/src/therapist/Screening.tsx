// Screening before loading the neck (IFOMPT framework; shared clinical reference §6): the
// therapist records that red flags were cleared and cervical arterial screening was done,
// when and by whom. The server keeps every record; the newest decides whether exercises
// that need it (the self-SNAG) may be assigned.
import { useState } from "preact/hooks";
import { ApiError, get, post } from "../lib/api";
import { m } from "../messages";
import { Loading, Notice, YesNo, useLoad } from "../ui";

interface Screening {
  id: number; red_flags_clear: boolean; cervical_arterial: "clear" | "concerns"; screened_on: string;
  notes: string; clear: boolean; recorded_by: { first_name: string; last_name: string } | null; recorded_at: string;
}

export function ScreeningSection(props: { id: number; onChange?: () => void }) {
  const [rows, , reload] = useLoad(() => get<Screening[]>(`patients/${props.id}/screening`), [props.id]);
  const [flagsClear, setFlagsClear] = useState<boolean | null>(null);
  const [arterial, setArterial] = useState<"clear" | "concerns" | "">("");
  const [on, setOn] = useState(new Date().toISOString().slice(0, 10));
  const [notes, setNotes] = useState("");
  const [err, setErr] = useState<ApiError | null>(null);
  const [ok, setOk] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setErr(null); setOk(false);
    try {
      await post(`patients/${props.id}/screening`, { red_flags_clear: flagsClear, cervical_arterial: arterial, screened_on: on, notes });
      setFlagsClear(null); setArterial(""); setNotes(""); setOk(true);
      reload(); props.onChange?.();
    } catch (x) { setErr(x as ApiError); }
  };
  const newest = rows?.[0];
  return (
    <section aria-labelledby="sc-h" class="card">
      <h2 id="sc-h">{m.screeningTitle}</h2>
      {!rows ? <Loading /> : (
        <p data-testid="screening-status">
          {newest ? m.screeningNewest(newest.screened_on, newest.clear) : m.screeningNone}
        </p>
      )}
      <form onSubmit={submit} aria-labelledby="scf-h">
        <h3 id="scf-h">{m.screeningRecord}</h3>
        {err && <Notice kind="error">{err.detail}</Notice>}
        {ok && <Notice kind="ok">{m.screeningSaved}</Notice>}
        <YesNo name="red-flags-clear" label={m.screeningRedFlags} value={flagsClear} onChange={setFlagsClear} />
        <fieldset class="scale">
          <legend>{m.screeningArterial}</legend>
          <div class="scale-row">
            {(["clear", "concerns"] as const).map((v) => (
              <label key={v} class={`chip wide${arterial === v ? " on" : ""}`}>
                <input type="radio" name="cervical-arterial" checked={arterial === v} onChange={() => setArterial(v)} />
                <span>{m.screeningArterialValue[v]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label class="field">{m.screeningDate}<input type="date" value={on} required onInput={(e) => setOn(e.currentTarget.value)} /></label>
        <label class="field">{m.notes}<textarea value={notes} maxLength={2000} onInput={(e) => setNotes(e.currentTarget.value)} /></label>
        <button class="btn" type="submit" disabled={flagsClear == null || !arterial}>{m.screeningSave}</button>
      </form>
      {rows && rows.length > 0 && (
        <ol class="timeline" aria-label={m.screeningHistory}>
          {rows.map((r) => (
            <li key={r.id}>
              <strong>{r.screened_on}</strong> — {r.clear ? m.screeningClear : m.screeningNotClear}
              {" · "}{m.screeningBy(r.recorded_by ? `${r.recorded_by.first_name} ${r.recorded_by.last_name}` : "–")}
              {r.notes && <span class="muted"> · {r.notes}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

import { useState } from "preact/hooks";
import { ApiError, listAlerts, pageAlerts, resolveAlert, type Alert } from "../lib/api";
import { m } from "../messages";
import { Loading, LoadError, Notice, useLoad } from "../ui";
import { DigestSettings } from "./DigestSettings";
import { when } from "./format";

const RESOLVED_SHOWN = 30;

export function Alerts() {
  const [list, err, reload] = useLoad(() => listAlerts({ status: "open" }));
  const [resolved, , reloadResolved] = useLoad(() => pageAlerts({ status: "resolved" }, RESOLVED_SHOWN));
  if (err && !list) return <LoadError retry={reload} />;
  if (!list) return <Loading />;
  const done = () => { reload(); reloadResolved(); };
  return (
    <section aria-labelledby="al-h">
      <h1 id="al-h">{m.alertsTitle}</h1>
      {list.length === 0 && <p>{m.noAlerts}</p>}
      <ul class="timeline" data-testid="alerts" style={{ listStyle: "none", padding: 0 }}>
        {list.map((a) => <OpenAlert key={a.id} alert={a} onResolved={done} />)}
      </ul>
      <h2 id="res-h">{m.work.resolvedTitle}</h2>
      {resolved && resolved.length === 0 && <p class="muted">{m.work.noResolved}</p>}
      <ul class="timeline" data-testid="resolved-alerts" aria-labelledby="res-h" style={{ listStyle: "none", padding: 0 }}>
        {(resolved ?? []).map((a) => (
          <li key={a.id} class="card">
            <strong>{m.alertKinds[a.kind] ?? a.kind}</strong> — <a href={`/therapist/patients/${a.patient}`}>{a.patient_name}</a>
            <p>{a.summary}</p>
            <p class="muted">{(a.outcome === "declined" ? m.work.declinedBy : m.work.resolvedBy)(a.resolved_by_name ?? null, when(a.resolved_at ?? null))}</p>
            {a.note && <p class="pre">{a.note}</p>}
          </li>
        ))}
      </ul>
      <DigestSettings />
    </section>
  );
}

function OpenAlert(props: { alert: Alert; onResolved: () => void }) {
  const a = props.alert;
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const resolve = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try { await resolveAlert(a.id, note.trim()); props.onResolved(); } catch (x) {
      setError(x instanceof ApiError ? Object.values(x.fields).flat().join(" ") || x.detail : String(x));
    }
  };
  return (
    <li class="card">
      <strong>{m.alertKinds[a.kind] ?? a.kind}</strong> — <a href={`/therapist/patients/${a.patient}`}>{a.patient_name}</a>
      <p>{a.summary}</p>
      <p class="muted">{when(a.created_at)}</p>
      {asking ? (
        <form onSubmit={resolve} aria-label={`${m.resolve}: ${a.patient_name}`}>
          {error && <Notice kind="error">{error}</Notice>}
          <label class="field">{m.work.resolveNote}
            <textarea rows={2} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <div class="row">
            <button class="btn small" type="submit">{m.work.resolveConfirm}</button>
            <button class="btn secondary small" type="button" onClick={() => setAsking(false)}>{m.cancel}</button>
          </div>
        </form>
      ) : (
        <button class="btn small" onClick={() => setAsking(true)}>{m.resolve}</button>
      )}
    </li>
  );
}

import { listAlerts, resolveAlert } from "../lib/api";
import { m } from "../messages";
import { Loading, LoadError, useLoad } from "../ui";
import { DigestSettings } from "./DigestSettings";
import { when } from "./format";

export function Alerts() {
  const [list, err, reload] = useLoad(() => listAlerts({ status: "open" }));
  if (err && !list) return <LoadError retry={reload} />;
  if (!list) return <Loading />;
  return (
    <section aria-labelledby="al-h">
      <h1 id="al-h">{m.alertsTitle}</h1>
      {list.length === 0 && <p>{m.noAlerts}</p>}
      <ul class="timeline" data-testid="alerts" style={{ listStyle: "none", padding: 0 }}>
        {list.map((a) => (
          <li key={a.id} class="card">
            <strong>{m.alertKinds[a.kind] ?? a.kind}</strong> — <a href={`/therapist/patients/${a.patient}`}>{a.patient_name}</a>
            <p class="muted">{when(a.created_at)} · {Object.entries(a.details).map(([k, v]) => `${k}: ${v}`).join(", ")}</p>
            <button class="btn small" onClick={async () => { await resolveAlert(a.id); reload(); }}>{m.resolve}</button>
          </li>
        ))}
      </ul>
      <DigestSettings />
    </section>
  );
}

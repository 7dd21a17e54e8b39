import { useState } from "preact/hooks";
import { listPatients } from "../lib/api";
import { m } from "../messages";
import { Line, Loading, LoadError, useLoad } from "../ui";
import { name, when } from "./format";
import { NewPatient } from "./NewPatient";
import { hasTrend, trendLabel } from "./trend";

// The list carries each patient's weeks: no request per row.
function Trend(props: { weekly: (number | null)[] }) {
  if (!hasTrend(props.weekly)) return <span class="muted">–</span>;
  return <Line small title={m.adherenceChart} max={100} values={props.weekly} label={trendLabel(props.weekly)} />;
}

export function PatientList() {
  const [list, err, reload] = useLoad(listPatients);
  const [showNew, setShowNew] = useState(false);
  if (err && !list) return <LoadError retry={reload} />;
  if (!list) return <Loading />;
  return (
    <section aria-labelledby="pl-h">
      <div class="row"><h1 id="pl-h" style={{ flex: 1 }}>{m.patientsTitle}</h1>
        <button class="btn" onClick={() => setShowNew(!showNew)} aria-expanded={showNew}>{m.newPatient}</button></div>
      {showNew && <NewPatient onCreated={reload} />}
      <div class="scroll"><table class="list">
        <thead><tr><th>{m.patientsTitle}</th><th>{m.needsAttention}</th><th>{m.last7}</th><th>{m.adherenceChart}</th><th>{m.lastLog}</th><th>{m.openAlerts}</th></tr></thead>
        <tbody>
          {/* In the server's order: neediest first (monitoring.selectors). */}
          {list.map((p) => (
            <tr key={p.id}>
              <td><a href={`/therapist/patients/${p.id}`}>{name(p)}</a>{p.status !== "active" && <span class="badge"> {p.status}</span>}</td>
              <td>{p.needs_attention.map((k) => m.attention[k] ?? k).join(", ") || "–"}</td>
              <td>{p.adherence.last_7_days_pct ?? "–"}{p.adherence.last_7_days_pct != null ? "%" : ""}</td>
              <td><Trend weekly={p.adherence.weekly_pct} /></td>
              <td>{when(p.adherence.last_log_at)}</td>
              <td>{p.adherence.open_alerts}</td>
            </tr>
          ))}
        </tbody>
      </table></div>
    </section>
  );
}


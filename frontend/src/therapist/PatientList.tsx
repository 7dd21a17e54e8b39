import { useState } from "preact/hooks";
import { patientsPage, type PatientListItem } from "../lib/api";
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

// The server sends a page at a time (neediest first over the whole clinic) with the total.
export function PatientList() {
  const [first, err, reloadFirst] = useLoad(() => patientsPage(0));
  const [more, setMore] = useState<PatientListItem[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [showNew, setShowNew] = useState(false);
  const reload = () => { setMore([]); reloadFirst(); };
  if (err && !first) return <LoadError retry={reload} />;
  if (!first) return <Loading />;
  const list = [...first.rows, ...more];
  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const next = await patientsPage(list.length);
      setMore([...more, ...next.rows]);
    } finally { setLoadingMore(false); }
  };
  // The oldest figures shown: the summaries are recomputed after every write and at midnight.
  const stamps = list.map((p) => p.adherence.updated_at).filter((t): t is string => !!t).sort();
  return (
    <section aria-labelledby="pl-h">
      <div class="row"><h1 id="pl-h" style={{ flex: 1 }}>{m.patientsTitle}</h1>
        <button class="btn" onClick={() => setShowNew(!showNew)} aria-expanded={showNew}>{m.newPatient}</button></div>
      <p class="muted" data-testid="patient-count">{m.patientsShown(list.length, first.total)}
        {stamps.length > 0 && <> · <span data-testid="figures-as-of">{m.figuresAsOf(when(stamps[0]))}</span></>}</p>
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
      {list.length < first.total && (
        <button class="btn secondary" onClick={loadMore} disabled={loadingMore}>{m.showMorePatients}</button>
      )}
    </section>
  );
}


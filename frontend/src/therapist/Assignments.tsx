import { useState } from "preact/hooks";
import { ApiError, listAlerts, listAssignments, movePhase, resolveAlert, updateAssignment } from "../lib/api";
import { m } from "../messages";
import { LoadError, Notice, useLoad } from "../ui";
import { AssignForm } from "./Assign";

export function Assignments(props: { id: number; onChange: () => void }) {
  const [list, err, reload] = useLoad(() => listAssignments(props.id), [props.id]);
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try { await fn(); reload(); props.onChange(); } catch (x) {
      setError(x instanceof ApiError ? x.detail : String(x));
      // 409: a colleague changed the program meanwhile; show it as it is now.
      if (x instanceof ApiError && x.status === 409) { reload(); props.onChange(); }
    }
  };
  if (err && !list) return <LoadError retry={reload} />;
  return (
    <section aria-labelledby="as-h">
      <h2 id="as-h">{m.assignments}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {(list ?? []).map((a) => {
        const pr = a.progression;
        const proposed = pr?.proposed_phase;
        return (
          <article class="card" key={a.id}>
            <h3>{a.template_name}</h3>
            <p>{m.status}: <strong>{a.status}</strong> · {m.phaseNow(a.current_phase_name, a.current_phase + 1, a.phases.length)}</p>
            {pr && (
              <div>
                <p>{m.progression}: <strong>{m.progressionState[pr.state] ?? pr.state}</strong></p>
                <ul>{pr.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
                {proposed != null && proposed !== a.current_phase && (
                  <div class="row">
                    <button class="btn small" onClick={() => act(() => movePhase(a.id, proposed > a.current_phase ? "advance" : "regress", { from_phase: a.current_phase, to_phase: proposed }))}>
                      {(proposed > a.current_phase ? m.confirmAdvance : m.confirmRegress)(a.phases[proposed]?.name ?? String(proposed + 1))}
                    </button>
                    <button class="btn secondary small" onClick={() => act(async () => {
                      const alerts = await listAlerts({ status: "open", patient: props.id });
                      for (const al of alerts.filter((x) => x.kind === "progression_proposal" && x.patient === props.id)) await resolveAlert(al.id);
                    })}>{m.decline}</button>
                  </div>
                )}
              </div>
            )}
            <div class="row">
              {a.status === "active" && <button class="btn secondary small" onClick={() => act(() => updateAssignment(a.id, { status: "paused" }))}>{m.pauseA}</button>}
              {a.status === "paused" && <button class="btn secondary small" onClick={() => act(() => updateAssignment(a.id, { status: "active" }))}>{m.resumeA}</button>}
              {a.status !== "ended" && <button class="btn ghost small" onClick={() => act(() => updateAssignment(a.id, { status: "ended" }))}>{m.endA}</button>}
            </div>
          </article>
        );
      })}
      <AssignForm id={props.id} onDone={() => { reload(); props.onChange(); }} />
    </section>
  );
}


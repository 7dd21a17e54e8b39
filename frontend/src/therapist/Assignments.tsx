import { useState } from "preact/hooks";
import { ApiError, declineAlert, listAlerts, listAssignments, movePhase, updateAssignment, type Alert, type Assignment } from "../lib/api";
import { m } from "../messages";
import { LoadError, Notice, useLoad } from "../ui";
import { AssignForm } from "./Assign";
import { ProgramEditor } from "./ProgramEditor";
import { when } from "./format";

export function Assignments(props: { id: number; onChange: () => void }) {
  const [list, err, reload] = useLoad(() => listAssignments(props.id), [props.id]);
  // Progression proposals, open and declined: a decline is shown with the program.
  const [alerts, , reloadAlerts] = useLoad(() => listAlerts({ patient: props.id }), [props.id]);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState<number | null>(null);
  const [declining, setDeclining] = useState<number | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try { await fn(); setEnding(null); setDeclining(null); reload(); reloadAlerts(); props.onChange(); return true; } catch (x) {
      setError(x instanceof ApiError ? x.detail : x instanceof Error ? x.message : String(x));
      // 409: a colleague changed the program meanwhile; show it as it is now.
      if (x instanceof ApiError && x.status === 409) { reload(); props.onChange(); }
      return false;
    }
  };
  const proposals = (a: Assignment) => (alerts ?? []).filter((al) => al.kind === "progression_proposal" && al.details.assignment === a.id);
  if (err && !list) return <LoadError retry={reload} />;
  return (
    <section aria-labelledby="as-h">
      <h2 id="as-h">{m.assignments}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {(list ?? []).map((a) => {
        const pr = a.progression;
        const proposed = pr?.proposed_phase;
        const open = proposals(a).find((al) => al.status === "open");
        const declined = proposals(a).find((al) => al.outcome === "declined" && al.details.to_phase === proposed);
        return (
          <article class="card" key={a.id}>
            <h3>{a.template_name}</h3>
            <p>{m.status}: <strong>{m.work.statusWords[a.status] ?? a.status}</strong> · {m.phaseNow(a.current_phase_name, a.current_phase + 1, a.phases.length)}</p>
            {a.status === "paused" && <p class="muted">{m.work.paused}</p>}
            {a.status === "ended" && (a.ended_reason || a.ended_by_name) && <p data-testid="ended">{m.work.ended(a.ended_by_name ?? null, a.ended_reason)}</p>}
            {pr && (
              <div>
                <p>{m.progression}: <strong>{m.progressionState[pr.state] ?? pr.state}</strong></p>
                <ul>{pr.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
                {declined && <p data-testid="declined"><strong>{m.work.declined(declined.resolved_by_name ?? null, when(declined.resolved_at ?? null), declined.note)}</strong></p>}
                {proposed != null && proposed !== a.current_phase && a.status !== "ended" && (
                  <div class="row">
                    <button class="btn small" onClick={() => act(() => movePhase(a.id, proposed > a.current_phase ? "advance" : "regress", { from_phase: a.current_phase, to_phase: proposed }))}>
                      {(proposed > a.current_phase ? m.confirmAdvance : m.confirmRegress)(a.phases[proposed]?.name ?? String(proposed + 1))}
                    </button>
                    {!declined && declining !== a.id && (
                      <button class="btn secondary small" aria-expanded="false" onClick={() => { setError(null); setDeclining(a.id); }}>{m.decline}</button>
                    )}
                  </div>
                )}
                {declining === a.id && (
                  <ReasonForm label={m.work.declineReason} question={m.work.declineAsk} needed={m.work.declineReasonNeeded}
                              confirm={m.work.declineConfirm} onCancel={() => setDeclining(null)}
                              onSubmit={(reason) => act(async () => {
                                if (!open) throw new Error(m.work.declineNoAlert);
                                await declineAlert(open.id, reason);
                              })} />
                )}
              </div>
            )}
            {ending === a.id ? (
              <ReasonForm label={m.work.endReason} question={m.work.endAsk(a.template_name)} needed={m.work.endReasonNeeded}
                          confirm={m.work.endConfirm} onCancel={() => setEnding(null)}
                          onSubmit={(reason) => act(() => updateAssignment(a.id, { status: "ended", reason }))} />
            ) : (
              <div class="row">
                {a.status === "active" && <button class="btn secondary small" onClick={() => act(() => updateAssignment(a.id, { status: "paused" }))}>{m.pauseA}</button>}
                {a.status === "paused" && <button class="btn secondary small" onClick={() => act(() => updateAssignment(a.id, { status: "active" }))}>{m.resumeA}</button>}
                {a.status !== "ended" && <button class="btn ghost small" onClick={() => { setError(null); setEnding(a.id); }}>{m.endA}</button>}
              </div>
            )}
            <ProgramEditor key={`${a.id}-${a.status}-${a.current_phase}`} id={a.id} onChange={() => { reload(); props.onChange(); }} />
          </article>
        );
      })}
      <AssignForm id={props.id} onDone={() => { reload(); props.onChange(); }} />
    </section>
  );
}

/** A confirmation that needs a reason in words (ending a program, declining a proposal). */
function ReasonForm(props: { question: string; label: string; needed: string; confirm: string;
  onSubmit: (reason: string) => Promise<boolean>; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  return (
    <form class="notice info" aria-label={props.question} onSubmit={async (e) => {
      e.preventDefault();
      if (!reason.trim()) { setMissing(true); (e.currentTarget.querySelector("textarea") as HTMLTextAreaElement | null)?.focus(); return; }
      await props.onSubmit(reason.trim());
    }}>
      <p>{props.question}</p>
      <label class="field">{props.label}
        <textarea rows={2} maxLength={2000} value={reason} aria-invalid={missing || undefined} aria-describedby={missing ? "reason-err" : undefined}
                  onInput={(e) => { setReason(e.currentTarget.value); if (e.currentTarget.value.trim()) setMissing(false); }} />
        {missing && <span class="field-error" id="reason-err">{props.needed}</span>}
      </label>
      <div class="row">
        <button class="btn" type="submit">{props.confirm}</button>
        <button class="btn secondary" type="button" onClick={props.onCancel}>{m.cancel}</button>
      </div>
    </form>
  );
}

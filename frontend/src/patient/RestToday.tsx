import { useState } from "preact/hooks";
import { ApiError, restDay, undoRestDay } from "../lib/api";
import { m } from "../messages";
import { Notice } from "../ui";

const SKIP_REASONS = ["rest_after_red_event", "migraine", "illness", "other"];

/** "Rest today": a reason in one of four large buttons, no judgement; the day then leaves
 * adherence and gets no reminders. Undo if the patient exercises after all. */
export function RestToday(props: { date: string; skipped: string | null; stopped: boolean; onChange: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (reason: string | null) => {
    setError(null);
    try {
      if (reason) await restDay(props.date, reason);
      else await undoRestDay(props.date);
      setAsking(false);
      props.onChange();
    } catch (x) {
      setError(x instanceof ApiError ? x.detail : m.loadFailed);
    }
  };
  if (props.skipped) {
    return (
      <div data-testid="resting">
        <Notice kind="ok">{m.resting(m.skipReason[props.skipped] ?? props.skipped)}</Notice>
        <button class="btn secondary" onClick={() => send(null)}>{m.restUndo}</button>
      </div>
    );
  }
  if (!asking) {
    // After a stop-and-rest notice, resting is the main action of the day.
    return <div class="row" style={{ marginBottom: "1rem" }}><button class={`btn big${props.stopped ? "" : " secondary"}`} onClick={() => setAsking(true)}>{m.restToday}</button></div>;
  }
  return (
    <fieldset class="card" data-testid="rest-reasons">
      <legend>{m.restWhy}</legend>
      {error && <Notice kind="error">{error}</Notice>}
      <div style={{ display: "grid", gap: ".75rem" }}>
        {/* After a stop-and-rest notice, the reason it gives comes first. */}
        {(props.stopped ? SKIP_REASONS : [...SKIP_REASONS.slice(1), SKIP_REASONS[0]]).map((r) => (
          <button type="button" class="btn big secondary" key={r} onClick={() => send(r)}>{m.skipReason[r]}</button>
        ))}
        <button type="button" class="btn ghost" onClick={() => setAsking(false)}>{m.restCancel}</button>
      </div>
    </fieldset>
  );
}


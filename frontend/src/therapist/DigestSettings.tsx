import { useEffect, useState } from "preact/hooks";
import { ApiError, get, put } from "../lib/api";
import { m } from "../messages";
import { Notice, useId } from "../ui";

/** The part of me/reminder-settings this control reads and writes. */
export interface DigestFields { daily_digest_time: string | null; daily_digest_next_at: string | null; timezone: string }

const DEFAULT_TIME = "07:30";

/** The optional daily email summary, at the therapist's chosen local time. */
export function DigestSettings() {
  const [s, setS] = useState<DigestFields | null | undefined>(undefined);
  const [on, setOn] = useState(false);
  const [time, setTime] = useState(DEFAULT_TIME);
  const [saved, setSaved] = useState(false);
  const [err, setErr] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const show = (r: DigestFields) => {
    setS(r);
    setOn(r.daily_digest_time !== null);
    setTime(r.daily_digest_time ?? DEFAULT_TIME);
  };
  useEffect(() => { get<DigestFields>("me/reminder-settings").then(show, () => setS(null)); }, []);
  if (s === undefined) return null; // loading: nothing to flash in the alerts page
  const save = async (e: Event) => {
    e.preventDefault();
    setErr(null); setSaved(false); setBusy(true);
    try {
      show(await put<DigestFields>("me/reminder-settings", { daily_digest_time: on ? time : null }));
      setSaved(true);
    } catch (x) {
      setErr(x instanceof ApiError ? x : new ApiError(0, "offline", m.loadFailed));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = err?.field("daily_digest_time");
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{m.digestTitle}</h2>
      {s === null ? <Notice kind="error">{m.loadFailed}</Notice> : (
        <form onSubmit={save}>
          <p class="muted">{m.digestExplain}</p>
          <label class="check">
            <input type="checkbox" checked={on} onChange={(e) => { setSaved(false); setOn(e.currentTarget.checked); }} />
            {m.digestOn}
          </label>
          {on && (
            <label class="field">{m.digestTime(s.timezone)}
              <input type="time" value={time} required aria-invalid={!!fieldError}
                     aria-describedby={fieldError ? `${id}-err` : undefined}
                     onInput={(e) => { setSaved(false); setTime(e.currentTarget.value); }} />
              {fieldError && <span class="muted" id={`${id}-err`}>{fieldError}</span>}
            </label>
          )}
          {err && !fieldError && <Notice kind="error">{err.detail}</Notice>}
          {saved && <Notice kind="ok">{s.daily_digest_next_at ? m.digestNext(s.daily_digest_next_at) : m.digestOff}</Notice>}
          <button class="btn" type="submit" disabled={busy}>{m.digestSave}</button>
        </form>
      )}
    </section>
  );
}

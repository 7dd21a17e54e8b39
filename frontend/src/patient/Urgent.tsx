// The urgent message after a red-flag headache (shared clinical reference §6): full
// screen, shown the moment a warning sign is chosen, before and without the server, with
// the clinic's emergency number as a `tel:` link. The server answers with the same message
// (POST headache-logs `urgent`) and alerts the therapist; this screen never waits for it.
import { useEffect, useRef } from "preact/hooks";
import { m } from "../messages";

export const RED_FLAGS = ["worst_ever", "neuro_deficit", "fever_stiff_neck", "head_injury",
                          "confusion", "seizure", "fainting"] as const;

// 112 reaches emergency services from any mobile phone in Europe and many other
// countries: the server's EMERGENCY_NUMBER default, used until the clinic's is known.
export const DEFAULT_EMERGENCY_NUMBER = "112";

export function Urgent(props: { number: string; onClose: () => void }) {
  const call = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    call.current?.focus();
    const esc = (e: KeyboardEvent) => e.key === "Escape" && props.onClose();
    document.addEventListener("keydown", esc);
    return () => document.removeEventListener("keydown", esc);
  }, []);
  const n = props.number;
  return (
    <div class="urgent" role="alertdialog" aria-modal="true" aria-labelledby="urgent-h" aria-describedby="urgent-msg">
      <h1 id="urgent-h">{m.urgentTitle(n)}</h1>
      <p id="urgent-msg">{m.urgentMessage(n)}</p>
      <a ref={call} class="btn big urgent-call" href={`tel:${n.replace(/[^\d+]/g, "")}`}>{m.urgentCall(n)}</a>
      <p>{m.urgentLogged}</p>
      <button class="btn ghost" type="button" onClick={props.onClose}>{m.urgentClose}</button>
    </div>
  );
}

import { useState } from "preact/hooks";
import { ApiError, createPatient } from "../lib/api";
import { m } from "../messages";
import { Notice } from "../ui";
import { name } from "./format";
import { InviteBox } from "./InviteBox";
import type { PatientCreated } from "./types";

export function NewPatient(props: { onCreated: () => void }) {
  const [f, setF] = useState({ email: "", first_name: "", last_name: "", timezone: Intl.DateTimeFormat().resolvedOptions().timeZone });
  const [err, setErr] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<PatientCreated | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    try {
      const p = await createPatient(f);
      setCreated(p);
      props.onCreated();
    } catch (x) { setErr(x as ApiError); }
  };
  const input = (k: keyof typeof f, label: string, type: "text" | "email" = "text") => (
    <label class="field">{label}
      <input {...({ type } as { type: "text" })} value={f[k]} required aria-invalid={!!err?.field?.(k)} onInput={(e) => setF({ ...f, [k]: e.currentTarget.value })} />
      {err?.field?.(k) && <span class="muted">{err.field(k)}</span>}
    </label>
  );
  return (
    <form class="card" onSubmit={submit}>
      {created ? (<><p><a href={`/therapist/patients/${created.id}`}>{name(created)}</a></p><InviteBox invite={created.invite} /></>) : (
        <>
          {err && <Notice kind="error">{err.detail}</Notice>}
          <div class="grid2">{input("first_name", m.firstName)}{input("last_name", m.lastName)}{input("email", m.email, "email")}{input("timezone", m.timezone)}</div>
          <button class="btn" type="submit">{m.createPatient}</button>
        </>
      )}
    </form>
  );
}


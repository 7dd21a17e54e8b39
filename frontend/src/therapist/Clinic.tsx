import { useState } from "preact/hooks";
import { ApiError, dayAndTime, get, getAll, patch, post } from "../lib/api";
import { m } from "../messages";
import { LoadError, Loading, Notice, useLoad } from "../ui";

interface Staff { id: number; email: string; first_name: string; last_name: string; role: string; is_active: boolean; patient_count: number; status: string }
interface Person { id: number; first_name: string; last_name: string; primary_therapist?: number | null }
interface ErasureRow { patient: number; first_name: string; last_name: string; status: string; requested_at: string; due_at: string | null }
interface ClinicInfo { settings: Record<string, unknown>; require_staff_2fa: boolean }
interface Invited extends Staff { invite: { url: string; expires_at: string } }

const full = (p: { first_name: string; last_name: string }) => `${p.first_name} ${p.last_name}`.trim();
const problem = (x: unknown) => (x instanceof ApiError ? x.detail : m.loadFailed);

/** The clinic administrator's screen: invite and deactivate staff, move a patient to a
 * colleague. Everything it does is one call of the API (GET/POST/PATCH staff, PATCH patients). */
export function Clinic() {
  const [staff, staffError, reloadStaff] = useLoad(() => get<Staff[]>("staff"), []);
  const [patients, patientsError, reloadPatients] = useLoad(() => getAll<Person>("patients"), []);
  const reload = () => { reloadStaff(); reloadPatients(); };
  if (staffError || patientsError) return <LoadError retry={reload} />;
  if (!staff || !patients) return <Loading />;
  return (
    <section aria-labelledby="clinic-h">
      <h1 id="clinic-h">{m.clinic.title}</h1>
      <InviteStaff onDone={reload} />
      <StaffList staff={staff} onChange={reload} />
      <Reassign patients={patients} staff={staff.filter((s) => s.is_active)} onDone={reload} />
      <StaffTwoStep />
      <Erasures patients={patients} onDone={reload} />
    </section>
  );
}

function InviteStaff(props: { onDone: () => void }) {
  const [invited, setInvited] = useState<Invited | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    setError(null);
    try {
      setInvited(await post<Invited>("staff", Object.fromEntries(f.entries())));
      (e.target as HTMLFormElement).reset();
      props.onDone();
    } catch (x) { setError(problem(x)); }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="invite-h">
      <h2 id="invite-h">{m.clinic.inviteTitle}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {invited && <Notice kind="ok">{m.clinic.invited(full(invited))} <a href={invited.invite.url}>{invited.invite.url}</a></Notice>}
      <label class="field">{m.clinic.email}<input name="email" type="email" required autocomplete="off" /></label>
      <label class="field">{m.clinic.firstName}<input name="first_name" required /></label>
      <label class="field">{m.clinic.lastName}<input name="last_name" /></label>
      <label class="field">{m.clinic.role}<select name="role"><option value="therapist">{m.clinic.roles.therapist}</option><option value="clinic_admin">{m.clinic.roles.clinic_admin}</option></select></label>
      <button class="btn" type="submit">{m.clinic.invite}</button>
    </form>
  );
}

function StaffList(props: { staff: Staff[]; onChange: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [left, setLeft] = useState<Person[] | null>(null);
  const setActive = async (s: Staff, is_active: boolean) => {
    setError(null);
    try {
      const changed = await patch<{ patients_to_reassign: Person[] }>(`staff/${s.id}`, { is_active });
      setLeft(is_active ? null : changed.patients_to_reassign);
      props.onChange();
    } catch (x) { setError(problem(x)); }
  };
  return (
    <div class="card">
      <h2>{m.clinic.staffTitle}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {left && left.length > 0 && <Notice kind="info">{m.clinic.toReassign(left.map(full).join(", "))}</Notice>}
      <div class="scroll"><table>
        <thead><tr><th>{m.clinic.name}</th><th>{m.clinic.role}</th><th>{m.clinic.patients}</th><th>{m.clinic.status}</th><th><span class="sr-only">{m.clinic.actions}</span></th></tr></thead>
        <tbody>
          {props.staff.map((s) => (
            <tr key={s.id}>
              <td>{full(s)}<br /><span class="muted">{s.email}</span></td>
              <td>{m.clinic.roles[s.role as "therapist" | "clinic_admin"] ?? s.role}</td>
              <td>{s.patient_count}</td>
              <td>{m.clinic.statuses[s.status as "active" | "invited" | "deactivated"] ?? s.status}</td>
              <td>{s.is_active
                ? <button class="btn secondary small" onClick={() => setActive(s, false)}>{m.clinic.deactivate(full(s))}</button>
                : <button class="btn secondary small" onClick={() => setActive(s, true)}>{m.clinic.reactivate(full(s))}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table></div>
    </div>
  );
}

function Reassign(props: { patients: Person[]; staff: Staff[]; onDone: () => void }) {
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const therapists = props.staff.filter((s) => s.role === "therapist");
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const patient = props.patients.find((p) => String(p.id) === f.get("patient"));
    const to = therapists.find((t) => String(t.id) === f.get("therapist"));
    if (!patient || !to) return;
    try {
      await patch(`patients/${patient.id}`, { primary_therapist: to.id });
      setMessage({ kind: "ok", text: m.clinic.reassigned(full(patient), full(to)) });
      props.onDone();
    } catch (x) { setMessage({ kind: "error", text: problem(x) }); }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="reassign-h">
      <h2 id="reassign-h">{m.clinic.reassignTitle}</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <label class="field">{m.clinic.patient}<select name="patient" required>{props.patients.map((p) => <option value={p.id} key={p.id}>{full(p)}</option>)}</select></label>
      <label class="field">{m.clinic.newTherapist}<select name="therapist" required>{therapists.map((t) => <option value={t.id} key={t.id}>{full(t)}</option>)}</select></label>
      <button class="btn" type="submit">{m.clinic.reassign}</button>
    </form>
  );
}

/** Whether staff must sign in with a second step (PATCH clinic {require_staff_2fa}). */
function StaffTwoStep() {
  const [clinic, error, reload] = useLoad(() => get<ClinicInfo>("clinic"), []);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  // The box shows the choice at once (a controlled box would spring back until the
  // clinic reloads); a refused change puts it back.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const change = async (on: boolean) => {
    setChosen(on);
    try {
      await patch("clinic", { require_staff_2fa: on });
      setMessage({ kind: "ok", text: on ? m.clinic.twoStepOn : m.clinic.twoStepOff });
      reload();
    } catch (x) { setChosen(null); setMessage({ kind: "error", text: problem(x) }); }
  };
  return (
    <div class="card" role="group" aria-labelledby="staff-2fa-h">
      <h2 id="staff-2fa-h">{m.clinic.twoStepTitle}</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {error ? <LoadError retry={reload} /> : !clinic ? <Loading /> : (
        <label class="check"><input type="checkbox" checked={chosen ?? clinic.require_staff_2fa}
          onChange={(e) => change(e.currentTarget.checked)} /> {m.clinic.twoStepRequire}</label>
      )}
    </div>
  );
}

/** Confirming a patient's erasure (POST patients/{id}/erasure): those who asked are listed
 * first (GET erasure-requests); a request made by phone or letter is confirmed the same way. */
function Erasures(props: { patients: Person[]; onDone: () => void }) {
  const [rows, rowsError, reloadRows] = useLoad(() => get<ErasureRow[]>("erasure-requests"), []);
  const [clinic] = useLoad(() => get<ClinicInfo>("clinic"), []);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const days = Number(clinic?.settings?.erasure_grace_days ?? 30);
  const asked = rows?.filter((r) => r.status === "requested") ?? [];
  const closed = rows?.filter((r) => r.status === "confirmed") ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const id = Number(f.get("patient"));
    const who = props.patients.find((p) => p.id === id) ?? rows?.find((r) => r.patient === id);
    try {
      const done = await post<{ due_at: string }>(`patients/${id}/erasure`, { confirm: f.get("confirm") === "on" });
      setMessage({ kind: "ok", text: m.clinic.erasureDone(who ? full(who) : String(id), dayAndTime(done.due_at)) });
      form.reset();
      reloadRows();
      props.onDone();
    } catch (x) { setMessage({ kind: "error", text: problem(x) }); }
  };
  const choices = [...asked.map((r) => ({ id: r.patient, name: full(r) })),
    ...props.patients.filter((p) => !rows?.some((r) => r.patient === p.id)).map((p) => ({ id: p.id, name: full(p) }))];
  return (
    <form class="card" onSubmit={submit} aria-labelledby="erase-h">
      <h2 id="erase-h">{m.clinic.erasureTitle}</h2>
      <p>{m.clinic.erasureIntro(days)}</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {rowsError ? <LoadError retry={reloadRows} /> : !rows ? <Loading /> : asked.length === 0 ? <p class="muted">{m.clinic.erasureNone}</p> : (
        <>
          <p>{m.clinic.erasureAsked}</p>
          <ul>{asked.map((r) => <li key={r.patient}>{m.clinic.erasureAskedOn(full(r), dayAndTime(r.requested_at))}</li>)}</ul>
        </>
      )}
      {closed.length > 0 && <ul class="muted">{closed.map((r) => <li key={r.patient}>{m.clinic.erasureDue(full(r), r.due_at ? dayAndTime(r.due_at) : "")}</li>)}</ul>}
      <label class="field">{m.clinic.patient}<select name="patient" required>{choices.map((c) => <option value={c.id} key={c.id}>{c.name}</option>)}</select></label>
      <label class="check"><input type="checkbox" name="confirm" required /> {m.clinic.erasureUnderstand}</label>
      <button class="btn" type="submit">{m.clinic.erasureConfirm}</button>
    </form>
  );
}

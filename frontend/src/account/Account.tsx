// The signed-in person's account: their password, their devices and, for staff, two-step
// sign-in. Patients and staff alike reach it from the header.
import { useState } from "preact/hooks";
import { ApiError, dayAndTime, download, get, logout, post, request, type Auth } from "../lib/api";
import { m } from "../messages";
import { Loading, LoadError, Notice, useLoad } from "../ui";
import { TotpSetup } from "./TotpSetup";

interface Device { id: number; name: string; created_at: string; last_used_at: string | null; current: boolean }
interface Erasure { status: "none" | "requested" | "confirmed" | "done"; requested_at: string | null; due_at: string | null }
interface TotpStatus { enabled: boolean; required_by_clinic: boolean; recovery_codes_left: number }

export function Account(props: { auth: Auth; onSignOut: () => void }) {
  const staff = props.auth.user.role !== "patient";
  return (
    <section aria-labelledby="acc-h">
      <h1 id="acc-h">{m.accountTitle}</h1>
      <ChangePassword />
      {staff && <TwoStep />}
      <Devices onSignOut={props.onSignOut} />
      {!staff && <YourData />}
    </section>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [err, setErr] = useState<ApiError | null>(null);
  const [ok, setOk] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    setOk(false);
    try {
      await post("auth/password", { current, new: next });
      setOk(true);
      setCurrent("");
      setNext("");
    } catch (x) {
      setErr(x instanceof ApiError ? x : new ApiError(0, "offline", m.loadFailed));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="pw-h">
      <h2 id="pw-h">{m.changePasswordTitle}</h2>
      {ok && <Notice kind="ok">{m.passwordChanged}</Notice>}
      {err && !err.field("current") && !err.field("new") && <Notice kind="error">{err.detail}</Notice>}
      <input type="email" name="username" autoComplete="username" hidden readOnly />
      <label class="field">{m.currentPassword}
        <input type="password" name="current" autoComplete="current-password" required value={current}
               aria-invalid={!!err?.field("current")} aria-describedby={err?.field("current") ? "pw-cur-err" : undefined}
               onInput={(e) => setCurrent(e.currentTarget.value)} />
      </label>
      {err?.field("current") && <p class="field-error" id="pw-cur-err">{err.field("current")}</p>}
      <label class="field">{m.newPassword}
        <input type="password" name="new" autoComplete="new-password" minLength={10} required value={next}
               aria-invalid={!!err?.field("new")} aria-describedby={err?.field("new") ? "pw-new-err" : undefined}
               onInput={(e) => setNext(e.currentTarget.value)} />
      </label>
      {err?.field("new") && <p class="field-error" id="pw-new-err">{err.field("new")}</p>}
      <button class="btn" type="submit" disabled={busy}>{m.changePassword}</button>
    </form>
  );
}

function TwoStep() {
  const [status, err, reload] = useLoad(() => get<TotpStatus>("me/totp"));
  return (
    <div class="card" role="group" aria-labelledby="tfa-h">
      <h2 id="tfa-h">{m.totpTitle}</h2>
      {err && !status ? <LoadError retry={reload} /> : !status ? <Loading /> : status.enabled ? (
        <p>{m.totpOn} {m.totpRecoveryLeft(status.recovery_codes_left)}</p>
      ) : (
        <>
          <p>{m.totpOff} {status.required_by_clinic && m.totpRequired}</p>
          <TotpSetup onOn={reload} />
        </>
      )}
    </div>
  );
}

function Devices(props: { onSignOut: () => void }) {
  const [devices, err, reload] = useLoad(() => get<Device[]>("me/devices"));
  const [msg, setMsg] = useState<string | null>(null);
  const end = async (d: Device) => {
    if (d.current) {
      await logout();
      props.onSignOut();
      return;
    }
    await request("DELETE", `me/devices/${d.id}`).catch(() => undefined);
    setMsg(null);
    reload();
  };
  const endOthers = async () => {
    await post("me/devices/sign-out-others");
    setMsg(m.othersSignedOut);
    reload();
  };
  const others = devices?.filter((d) => !d.current).length ?? 0;
  return (
    <div class="card" role="group" aria-labelledby="dev-h">
      <h2 id="dev-h">{m.devicesTitle}</h2>
      {msg && <Notice kind="ok">{msg}</Notice>}
      {err && !devices ? <LoadError retry={reload} /> : !devices ? <Loading /> : (
        <>
          <ul class="devices">
            {devices.map((d) => (
              <li key={d.id} class="row">
                <div style={{ flex: 1 }}>
                  <strong>{d.name}</strong>{d.current && <>{" "}<span class="badge">{m.thisDevice}</span></>}
                  <div class="muted">{d.last_used_at ? m.deviceUsed(dayAndTime(d.last_used_at)) : m.deviceNeverUsed} · {m.deviceSince(dayAndTime(d.created_at))}</div>
                </div>
                <button class="btn secondary small" onClick={() => end(d)}>{m.signOutDevice(d.current ? m.thisDevice : d.name)}</button>
              </li>
            ))}
          </ul>
          {others > 0 ? <button class="btn secondary" onClick={endOthers}>{m.signOutOthers}</button>
            : <p class="muted">{m.noOtherDevices}</p>}
        </>
      )}
    </div>
  );
}

/** The patient's copy of their data (GET me/export) and their request to be erased. */
function YourData() {
  const [erasure, , reload] = useLoad(() => get<Erasure>("me/erasure"));
  const [state, setState] = useState<"idle" | "busy" | "done">("idle");
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const save = async () => {
    setState("busy");
    setError(null);
    try {
      await download("me/export");
      setState("done");
    } catch (x) {
      setError(x instanceof ApiError ? x.detail : m.loadFailed);
      setState("idle");
    }
  };
  const ask = async () => {
    setError(null);
    try {
      await post("me/erasure");
      setAsking(false);
      reload();
    } catch (x) {
      setError(x instanceof ApiError ? x.detail : m.loadFailed);
    }
  };
  return (
    <div class="card" role="group" aria-labelledby="data-h">
      <h2 id="data-h">{m.yourDataTitle}</h2>
      <p>{m.yourDataIntro}</p>
      {error && <Notice kind="error">{error}</Notice>}
      {state === "done" && <Notice kind="ok">{m.downloaded}</Notice>}
      <button class="btn" onClick={save} disabled={state === "busy"}>
        {state === "busy" ? m.downloading : m.downloadData}
      </button>
      {erasure?.status === "requested" && erasure.requested_at
        ? <Notice kind="info">{m.erasureAsked(dayAndTime(erasure.requested_at))}</Notice>
        : erasure?.status === "confirmed" && erasure.due_at
          ? <Notice kind="info">{m.erasureConfirmed(dayAndTime(erasure.due_at))}</Notice>
          : erasure?.status === "none" && (asking ? (
            <>
              <p>{m.erasureAskExplain}</p>
              <button class="btn" onClick={ask}>{m.erasureAskConfirm}</button>
              <button class="btn secondary" onClick={() => setAsking(false)}>{m.cancel}</button>
            </>
          ) : <button class="btn secondary" onClick={() => setAsking(true)}>{m.erasureAsk}</button>)}
    </div>
  );
}

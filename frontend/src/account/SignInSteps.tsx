// Screens before signing in: "Forgot password?", the reset link's page, and the second
// step of a staff sign-in (a code, or setting 2FA up when the clinic requires it).
import { useState } from "preact/hooks";
import { ApiError, post, saveAuth, type Auth } from "../lib/api";
import { navigate } from "../lib/router";
import { m } from "../messages";
import { Notice, ThemeToggle } from "../ui";
import { TotpSetup } from "./TotpSetup";

export function Shell(props: { children: preact.ComponentChildren }) {
  return (
    <>
      <header class="top"><span class="brand">{m.appName}</span><ThemeToggle /></header>
      <main id="main">{props.children}</main>
    </>
  );
}

const asApiError = (x: unknown) => (x instanceof ApiError ? x : new ApiError(0, "offline", m.loadFailed));

export function ForgotPassword() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [err, setErr] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await post("auth/password-reset", { email: email.trim() });
      setSent(true);
    } catch (x) {
      setErr(asApiError(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Shell>
      <h1>{m.forgotTitle}</h1>
      {sent ? <Notice kind="ok">{m.forgotSent}</Notice> : (
        <>
          <p>{m.forgotIntro}</p>
          {err && <Notice kind="error">{err.field("email") ?? err.detail}</Notice>}
          <form onSubmit={submit} noValidate>
            <label class="field">{m.email}
              <input type="email" name="email" autoComplete="username" required value={email}
                     aria-invalid={!!err?.field("email")} onInput={(e) => setEmail(e.currentTarget.value)} />
            </label>
            <button class="btn big" type="submit" disabled={busy}>{m.forgotSend}</button>
          </form>
        </>
      )}
      <p><a href="/signin">{m.backToSignIn}</a></p>
    </Shell>
  );
}

export function ResetPassword(props: { token: string }) {
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [err, setErr] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await post("auth/password-reset/confirm", { token: props.token, password });
      // The token leaves the address bar and the history.
      history.replaceState(null, "", "/reset-password");
      setDone(true);
    } catch (x) {
      setErr(asApiError(x));
    } finally {
      setBusy(false);
    }
  };
  const tokenRefused = !!err?.field("token");
  return (
    <Shell>
      <h1>{m.resetTitle}</h1>
      {done ? (
        <>
          <Notice kind="ok">{m.resetDone}</Notice>
          <button class="btn big" onClick={() => navigate("/signin", true)}>{m.signIn}</button>
        </>
      ) : tokenRefused || !props.token ? (
        <>
          <Notice kind="error">{m.resetInvalid}</Notice>
          <p><a href="/forgot-password">{m.forgotSend}</a></p>
        </>
      ) : (
        <>
          <p>{m.resetIntro}</p>
          {err && <Notice kind="error">{err.field("password") ?? err.detail}</Notice>}
          <form onSubmit={submit}>
            <label class="field">{m.newPassword}
              <input type="password" name="password" autoComplete="new-password" minLength={10} required
                     value={password} aria-invalid={!!err} onInput={(e) => setPassword(e.currentTarget.value)} />
            </label>
            <button class="btn big" type="submit" disabled={busy}>{m.resetSave}</button>
          </form>
        </>
      )}
    </Shell>
  );
}

export interface SecondStep { mfa_required?: boolean; mfa_setup_required?: boolean; mfa_token: string }

/** After a right password: the code, or (the clinic requires 2FA) setting it up. */
export function SecondStepScreen(props: { step: SecondStep; onDone: (a: Auth) => void; onRestart: () => void }) {
  const [code, setCode] = useState("");
  const [err, setErr] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const finish = async (a: Auth) => {
    await saveAuth({ token: a.token, user: a.user });
    props.onDone(a);
  };
  if (props.step.mfa_setup_required) {
    return (
      <>
        <h1>{m.totpTitle}</h1>
        <p>{m.setupRequiredIntro}</p>
        <TotpSetup mfaToken={props.step.mfa_token} onSignedIn={finish} />
      </>
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await finish(await post<Auth>("auth/login/totp", { mfa_token: props.step.mfa_token, code: code.trim() }));
    } catch (x) {
      setErr(asApiError(x));
    } finally {
      setBusy(false);
    }
  };
  const expired = err?.code === "mfa_expired";
  return (
    <>
      <h1>{m.codeTitle}</h1>
      <p>{m.codeIntro}</p>
      {err && <Notice kind="error">{err.field("code") ?? err.detail}</Notice>}
      {expired ? <button class="btn big" onClick={props.onRestart}>{m.backToSignIn}</button> : (
        <form onSubmit={submit}>
          <label class="field">{m.codeLabel}
            <input name="code" inputMode="numeric" autoComplete="one-time-code" required value={code}
                   aria-invalid={!!err} onInput={(e) => setCode(e.currentTarget.value)} />
          </label>
          <button class="btn big" type="submit" disabled={busy}>{m.codeSubmit}</button>
        </form>
      )}
    </>
  );
}

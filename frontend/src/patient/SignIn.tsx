import { useState } from "preact/hooks";
import { SecondStepScreen } from "../account/SignInSteps";
import { ApiError, login, type Auth, type SecondStepAnswer } from "../lib/api";
import { m } from "../messages";
import { Notice, ThemeToggle } from "../ui";

export function SignIn(props: { onDone: (a: Auth) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<ApiError | Error | null>(null);
  const [step, setStep] = useState<SecondStepAnswer | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const answer = await login(email.trim(), password);
      if ("mfa_token" in answer) setStep(answer);
      else props.onDone(answer);
    } catch (x) {
      setErr(x as Error);
    } finally {
      setBusy(false);
    }
  };
  const fieldErr = (f: string) => (err instanceof ApiError ? err.field(f) : undefined);
  return (
    <>
      <header class="top"><span class="brand">{m.appName}</span><ThemeToggle /></header>
      <main id="main">
        {step ? <SecondStepScreen step={step} onDone={props.onDone} onRestart={() => { setStep(null); setPassword(""); }} /> : <>
        <h1>{m.signInTitle}</h1>
        {err && <Notice kind="error">{err instanceof ApiError ? err.detail : m.loadFailed}</Notice>}
        <form onSubmit={submit} noValidate>
          <label class="field">{m.email}
            <input type="email" name="email" autoComplete="username" required value={email}
                   aria-invalid={!!fieldErr("email")} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label class="field">{m.password}
            <input type="password" name="password" autoComplete="current-password" required value={password}
                   aria-invalid={!!fieldErr("password")} onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <button class="btn big" type="submit" disabled={busy}>{busy ? m.signingIn : m.signIn}</button>
        </form>
        <p><a href="/forgot-password">{m.forgotPassword}</a></p>
        </>}
      </main>
    </>
  );
}

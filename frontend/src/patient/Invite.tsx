import { useState } from "preact/hooks";
import { ApiError, get, post, saveAuth, type Auth } from "../lib/api";
import { m } from "../messages";
import { Loading, Notice, ThemeToggle, useLoad } from "../ui";

interface InviteInfo { first_name: string; email: string; clinic_name: string; expires_at: string }

export function Invite(props: { token: string; onDone: (a: Auth) => void }) {
  const [info, loadErr] = useLoad(() => get<InviteInfo>(`invites/${encodeURIComponent(props.token)}`), [props.token]);
  const [password, setPassword] = useState("");
  const [err, setErr] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      const a = await post<Auth>(`invites/${encodeURIComponent(props.token)}/accept`, { password });
      await saveAuth({ token: a.token, user: a.user });
      props.onDone(a);
    } catch (x) {
      setErr(x instanceof ApiError ? x : new ApiError(0, "offline", m.loadFailed));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <header class="top"><span class="brand">{m.appName}</span><ThemeToggle /></header>
      <main id="main">
        {loadErr ? <Notice kind="error">{m.inviteInvalid}</Notice> : !info ? <Loading /> : (
          <>
            <h1>{m.inviteTitle(info.clinic_name)}</h1>
            <p>{m.inviteHello(info.first_name)}</p>
            {err && <Notice kind="error">{err.field("password") ?? err.detail}</Notice>}
            <form onSubmit={submit}>
              <input type="email" name="username" autoComplete="username" value={info.email} hidden readOnly />
              <label class="field">{m.invitePassword}
                <input type="password" name="password" autoComplete="new-password" minLength={10} required
                       value={password} aria-invalid={!!err} onInput={(e) => setPassword(e.currentTarget.value)} />
              </label>
              <button class="btn big" type="submit" disabled={busy}>{m.inviteAccept}</button>
            </form>
          </>
        )}
      </main>
    </>
  );
}

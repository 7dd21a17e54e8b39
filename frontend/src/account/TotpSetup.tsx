import { useState } from "preact/hooks";
import { ApiError, post, type Auth } from "../lib/api";
import { m } from "../messages";
import { Notice } from "../ui";

interface Secret { secret: string; otpauth_url: string; qr_svg: string }
interface Confirmed { recovery_codes: string[]; token?: string; user?: Auth["user"] }

/** Turning on TOTP: the QR code (and the key, for typing), a first code, then the recovery
 * codes shown once. Signed in, or within a sign-in (`mfaToken`) the clinic requires it for. */
export function TotpSetup(props: { mfaToken?: string; onOn?: () => void; onSignedIn?: (a: Auth) => void }) {
  const [secret, setSecret] = useState<Secret | null>(null);
  const [code, setCode] = useState("");
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  const [err, setErr] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const withToken = (body: Record<string, string>) => (props.mfaToken ? { ...body, mfa_token: props.mfaToken } : body);
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setErr(null);
    try {
      await fn();
    } catch (x) {
      setErr(x instanceof ApiError ? x : new ApiError(0, "offline", m.loadFailed));
    } finally {
      setBusy(false);
    }
  };
  const start = () => act(async () => setSecret(await post<Secret>("me/totp", withToken({}))));
  const confirm = (e: Event) => {
    e.preventDefault();
    return act(async () => setConfirmed(await post<Confirmed>("me/totp/confirm", withToken({ code: code.trim() }))));
  };
  const saved = () => {
    if (confirmed?.token && confirmed.user) props.onSignedIn?.({ token: confirmed.token, user: confirmed.user });
    else props.onOn?.();
  };
  if (confirmed) {
    return (
      <div>
        <h2 id="rc-h">{m.recoveryTitle}</h2>
        <p>{m.recoveryIntro}</p>
        <ul class="codes" aria-labelledby="rc-h">{confirmed.recovery_codes.map((c) => <li key={c}><code>{c}</code></li>)}</ul>
        <button class="btn big" onClick={saved}>{m.recoverySaved}</button>
      </div>
    );
  }
  return (
    <div>
      {err && <Notice kind="error">{err.field("code") ?? err.field("mfa_token") ?? err.detail}</Notice>}
      {!secret ? <button class="btn" onClick={start} disabled={busy}>{m.totpStart}</button> : (
        <>
          <p>{m.totpScan}</p>
          <img class="qr" src={secret.qr_svg} alt={m.totpQrAlt} width={220} height={220} />
          <p>{m.totpSecret} <code class="secret">{secret.secret.match(/.{1,4}/g)?.join(" ")}</code></p>
          <form onSubmit={confirm}>
            <label class="field">{m.codeLabel}
              <input name="code" inputMode="numeric" autoComplete="one-time-code" required value={code}
                     aria-invalid={!!err} onInput={(e) => setCode(e.currentTarget.value)} />
            </label>
            <button class="btn big" type="submit" disabled={busy}>{m.totpConfirm}</button>
          </form>
        </>
      )}
    </div>
  );
}

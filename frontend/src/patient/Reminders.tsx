import { useEffect, useState } from "preact/hooks";
import { ApiError, get, getOptional, post, put, type Auth } from "../lib/api";
import { m } from "../messages";
import { Loading, Notice } from "../ui";

interface Settings { enabled: boolean; times: string[]; timezone: string; quiet_hours: { start: string; end: string } | null; channels: string[] }

export function Reminders(props: { auth: Auth }) {
  const [s, setS] = useState<Settings | null | undefined>(undefined);
  const [msg, setMsg] = useState<string | null>(null);
  const [err, setErr] = useState<ApiError | null>(null);
  useEffect(() => {
    getOptional<Settings>("me/reminder-settings").then(setS, () => setS(null));
  }, []);
  if (s === undefined) return <Loading />;
  const save = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    try {
      setS(await put<Settings>("me/reminder-settings", s));
      setMsg(m.saved);
    } catch (x) {
      setErr(x instanceof ApiError ? x : new ApiError(0, "offline", m.loadFailed));
    }
  };
  const upd = (patch: Partial<Settings>) => { setMsg(null); setS({ ...s!, ...patch }); };
  return (
    <section aria-labelledby="r-h">
      <h1 id="r-h">{m.remindersTitle}</h1>
      {s === null ? <Notice>{m.remindersUnavailable}</Notice> : (
        <form onSubmit={save}>
          {msg && <Notice kind="ok">{msg}</Notice>}
          {err && <Notice kind="error">{err.detail}</Notice>}
          <label class="check"><input type="checkbox" checked={s.enabled} onChange={(e) => upd({ enabled: e.currentTarget.checked })} />{m.remindersEnabled}</label>
          <fieldset class="scale">
            <legend>{m.reminderTimes}</legend>
            {s.times.map((t, i) => (
              <div class="row" key={i}>
                <label class="field" style={{ flex: 1 }}><span class="sr-only">{m.reminderTimes} {i + 1}</span>
                  <input type="time" value={t} onInput={(e) => upd({ times: s.times.map((x, j) => (j === i ? e.currentTarget.value : x)) })} />
                </label>
                <button type="button" class="btn ghost small" onClick={() => upd({ times: s.times.filter((_, j) => j !== i) })}>{m.removeTime}</button>
              </div>
            ))}
            {s.times.length < 4 && <button type="button" class="btn secondary small" onClick={() => upd({ times: [...s.times, "18:00"] })}>{m.addTime}</button>}
          </fieldset>
          <fieldset class="scale">
            <legend>{m.quietHours}</legend>
            <div class="row">
              <label class="field">{m.quietFrom}<input type="time" value={s.quiet_hours?.start ?? "21:00"} onInput={(e) => upd({ quiet_hours: { start: e.currentTarget.value, end: s.quiet_hours?.end ?? "08:00" } })} /></label>
              <label class="field">{m.quietTo}<input type="time" value={s.quiet_hours?.end ?? "08:00"} onInput={(e) => upd({ quiet_hours: { start: s.quiet_hours?.start ?? "21:00", end: e.currentTarget.value } })} /></label>
            </div>
          </fieldset>
          <fieldset class="scale">
            <legend>{m.channels}</legend>
            {(["push", "email"] as const).map((c) => (
              <label class="check" key={c}>
                <input type="checkbox" checked={s.channels.includes(c)}
                       onChange={(e) => upd({ channels: e.currentTarget.checked ? [...s.channels, c] : s.channels.filter((x) => x !== c) })} />
                {c === "push" ? m.channelPush : m.channelEmail}
              </label>
            ))}
          </fieldset>
          <p class="muted">{m.timezone}: {s.timezone || props.auth.user.timezone}</p>
          <button class="btn big" type="submit">{m.saveSettings}</button>
        </form>
      )}
      <PushOptIn />
    </section>
  );
}

function urlB64ToUint8Array(b64: string): Uint8Array {
  const pad = "=".repeat((4 - (b64.length % 4)) % 4);
  const raw = atob((b64 + pad).replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** Shown only when the server has a VAPID key; explains before the browser asks. */
function PushOptIn() {
  const [key, setKey] = useState<string | null | undefined>(undefined);
  const [state, setState] = useState<"idle" | "on" | "denied" | "unsupported" | "error">("idle");
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    getOptional<unknown>("push/vapid-public-key").then((r) => {
      const k = typeof r === "string" ? r : (r as any)?.public_key ?? (r as any)?.key ?? (r as any)?.vapid_public_key ?? null;
      setKey(k);
    }, () => setKey(null));
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) setState("unsupported");
    else if (Notification.permission === "denied") setState("denied");
    else navigator.serviceWorker.getRegistration().then((r) => r?.pushManager.getSubscription()).then((sub) => sub && setState("on"), () => undefined);
  }, []);
  if (!key) return null; // no push on this server (yet): no opt-in
  const enable = async () => {
    setErr(null);
    try {
      const perm = await Notification.requestPermission();
      if (perm !== "granted") { setState("denied"); return; }
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlB64ToUint8Array(key) as BufferSource });
      const json = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
      await post("push-subscriptions", { endpoint: json.endpoint, keys: json.keys });
      setState("on");
    } catch (x) {
      setErr(x instanceof ApiError ? x.detail : String(x));
      setState("error");
    }
  };
  return (
    <section class="card" aria-labelledby="push-h" style={{ marginTop: "2rem" }}>
      <h2 id="push-h">{m.pushTitle}</h2>
      {state === "on" ? <Notice kind="ok">{m.pushEnabled}</Notice>
        : state === "denied" ? <Notice>{m.pushDenied}</Notice>
        : state === "unsupported" ? <Notice>{m.pushUnsupported}</Notice>
        : (
          <>
            <p>{m.pushExplain}</p>
            {err && <Notice kind="error">{err}</Notice>}
            <button class="btn big" onClick={enable}>{m.pushEnable}</button>
          </>
        )}
    </section>
  );
}

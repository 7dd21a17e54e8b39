import { useEffect, useState } from "preact/hooks";
import { ApiError, dayAndTime, getOptional, patch, post, put, saveAuth, type Auth, type User } from "../lib/api";
import { m } from "../messages";
import { Loading, Notice } from "../ui";
import { RecentNotifications } from "./RecentNotifications";

interface Settings {
  enabled: boolean; times: string[]; weekdays: string[]; timezone: string;
  quiet_hours: { start: string; end: string } | null; channels: string[]; next_due_at: string | null;
}

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The phone's own zone, when the browser knows it. */
export function deviceZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

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
  const upd = (change: Partial<Settings>) => { setMsg(null); setS({ ...s!, ...change }); };
  /** False when refused: one day at least (no days would mean "every day" to the server). */
  const toggleDay = (day: string, on: boolean): boolean => {
    const days = on ? [...s!.weekdays, day] : s!.weekdays.filter((d) => d !== day);
    if (days.length) upd({ weekdays: WEEKDAYS.filter((d) => days.includes(d)) });
    return days.length > 0;
  };
  return (
    <section aria-labelledby="r-h">
      <h1 id="r-h">{m.remindersTitle}</h1>
      <Travelling auth={props.auth} onMoved={(settings) => { setS(settings); setMsg(null); }} />
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
            <legend>{m.reminderDays}</legend>
            <div class="scale-row">
              {WEEKDAYS.map((d) => (
                <label key={d} class={`chip${s.weekdays.includes(d) ? " on" : ""}`}>
                  <input type="checkbox" checked={s.weekdays.includes(d)} aria-label={m.weekdayNames[d]}
                         onChange={(e) => { if (!toggleDay(d, e.currentTarget.checked)) e.currentTarget.checked = true; }} />
                  <span aria-hidden="true">{m.weekdayShort[d]}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset class="scale">
            <legend>{m.quietHours}</legend>
            {/* What is stored, never a default the server does not hold: without quiet
                hours reminders may come at any hour, and the screen says so. */}
            <label class="check"><input type="checkbox" checked={!!s.quiet_hours} data-testid="quiet-on"
              onChange={(e) => upd({ quiet_hours: e.currentTarget.checked ? { start: "21:00", end: "08:00" } : null })} />{m.quietHoursOn}</label>
            {s.quiet_hours ? (
              <div class="row">
                <label class="field">{m.quietFrom}<input type="time" value={s.quiet_hours.start} onInput={(e) => upd({ quiet_hours: { start: e.currentTarget.value, end: s.quiet_hours!.end } })} /></label>
                <label class="field">{m.quietTo}<input type="time" value={s.quiet_hours.end} onInput={(e) => upd({ quiet_hours: { start: s.quiet_hours!.start, end: e.currentTarget.value } })} /></label>
              </div>
            ) : <p class="muted" data-testid="no-quiet-hours">{m.noQuietHours}</p>}
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
          {s.enabled && s.next_due_at && (
            <p data-testid="next-reminder">{m.nextReminder(dayAndTime(s.next_due_at, s.timezone || props.auth.user.timezone))}</p>
          )}
          <button class="btn big" type="submit">{m.saveSettings}</button>
        </form>
      )}
      <PushOptIn />
      <RecentNotifications auth={props.auth} />
    </section>
  );
}

/** The phone is in another zone than the account (the patient travelled): offer to move
 * the account, and with it the reminders, to the phone's zone. Never done silently: a
 * phone's zone can be wrong, and the therapist sees dates in the patient's zone. */
function Travelling(props: { auth: Auth; onMoved: (s: Settings | null) => void }) {
  const [user, setUser] = useState<User>(props.auth.user);
  const [err, setErr] = useState<string | null>(null);
  const phone = deviceZone();
  if (!phone || phone === user.timezone) return null;
  const move = async () => {
    setErr(null);
    try {
      const updated = await patch<User>("me", { timezone: phone });
      await saveAuth({ ...props.auth, user: updated });
      props.auth.user = updated; // the signed-in user every screen reads (their "today")
      setUser(updated);
      props.onMoved(await getOptional<Settings>("me/reminder-settings"));
    } catch (x) {
      setErr(x instanceof ApiError ? x.detail : m.loadFailed);
    }
  };
  return (
    <Notice title={m.zoneDiffers}>
      {m.zoneExplain(phone, user.timezone)}
      {err && <span class="field-error"> {err}</span>}
      <div class="row" style={{ marginTop: ".5rem" }}>
        <button class="btn small" onClick={move}>{m.useZone(phone)}</button>
      </div>
    </Notice>
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
      const subscribe = async () => {
        const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlB64ToUint8Array(key) as BufferSource });
        const json = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
        await post("push-subscriptions", { endpoint: json.endpoint, keys: json.keys });
      };
      try { await subscribe(); } catch (x) {
        // A shared device: this browser's subscription was made for the account signed in
        // before, and stays theirs (409). A fresh subscription gets a new endpoint.
        if (!(x instanceof ApiError && x.code === "endpoint_taken")) throw x;
        await (await reg.pushManager.getSubscription())?.unsubscribe();
        await subscribe();
      }
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

// The API client: token auth (`Authorization: Token <t>`), the one error shape
// {code, detail, fields}, and the outbox for writes that must survive being offline.
// The calls per resource (patients.ts, assignments.ts, ...) are typed from schema.d.ts,
// generated from the server's OpenAPI schema (`npm run api-types`).
import { db, kvDel, kvGet, kvSet } from "../db";
import { Outbox, type OutboxEntry, type SendResult } from "../outbox";

export const API = "/api/v1/";

export interface User {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  role: "patient" | "therapist" | "clinic_admin";
  clinic: number;
  clinic_name?: string;
  timezone: string;
}
export interface Auth {
  token: string;
  user: User;
}

export class ApiError extends Error {
  constructor(public status: number, public code: string, public detail: string,
              public fields: Record<string, string[]> = {}) {
    super(detail);
  }
  field(name: string): string | undefined {
    return this.fields[name]?.join(" ");
  }
}
export class OfflineError extends Error {}

let auth: Auth | null = null;
export async function loadAuth(): Promise<Auth | null> {
  auth = (await kvGet<Auth>("auth")) ?? null;
  return auth;
}
export async function saveAuth(a: Auth) {
  auth = a;
  await kvSet("auth", a);
}
export async function clearAuth() {
  auth = null;
  await kvDel("auth");
}
export const currentAuth = () => auth;

async function raw(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth) headers.Authorization = `Token ${auth.token}`;
  try {
    return await fetch(API + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
    });
  } catch (err) {
    throw new OfflineError(String(err));
  }
}

async function parse(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await raw(method, path, body);
  const data = (await parse(res)) as any;
  if (!res.ok) {
    throw new ApiError(res.status, data?.code ?? "error", data?.detail ?? `HTTP ${res.status}`,
                       data?.fields ?? {});
  }
  return data as T;
}

export const get = <T>(path: string) => request<T>("GET", path);

/** One page of a paged list (a plain array with X-Total-Count, e.g. GET patients). */
export async function getPage<T>(path: string, offset: number, limit = 50): Promise<{ rows: T[]; total: number }> {
  const sep = path.includes("?") ? "&" : "?";
  const res = await raw("GET", `${path}${sep}limit=${limit}&offset=${offset}`);
  const data = (await parse(res)) as any;
  if (!res.ok) {
    throw new ApiError(res.status, data?.code ?? "error", data?.detail ?? `HTTP ${res.status}`,
                       data?.fields ?? {});
  }
  const rows = data as T[];
  const total = Number(res.headers.get("X-Total-Count") ?? rows.length);
  return { rows, total: Number.isFinite(total) ? total : rows.length };
}

/** Every row of a paged list, page by page (for a chooser that needs them all). */
export async function getAll<T>(path: string): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const { rows, total } = await getPage<T>(path, all.length, 200);
    all.push(...rows);
    if (!rows.length || all.length >= total) return all;
  }
}
export const post = <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {});
export const put = <T>(path: string, body: unknown) => request<T>("PUT", path, body);
export const patch = <T>(path: string, body: unknown) => request<T>("PATCH", path, body);
export const del = <T>(path: string) => request<T>("DELETE", path);

/** A file the API makes (a ZIP): fetched with the device token, then saved by the browser. */
export async function download(path: string): Promise<void> {
  const res = await raw("GET", path);
  if (!res.ok) {
    const data = (await parse(res)) as any;
    throw new ApiError(res.status, data?.code ?? "error", data?.detail ?? `HTTP ${res.status}`,
                       data?.fields ?? {});
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? "download.zip";
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** GET that answers null on 404 (features another part of the server may not have yet). */
export async function getOptional<T>(path: string): Promise<T | null> {
  try {
    return await get<T>(path);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 405)) return null;
    throw err;
  }
}

export async function sendEntry(entry: OutboxEntry): Promise<SendResult> {
  const res = await raw(entry.method, entry.path, entry.body); // throws OfflineError
  const body = await parse(res);
  if (entry.kind === "session-log" && res.ok) await rememberSessions([body as RecentSession]).catch(() => undefined);
  return { status: res.status, body };
}

/** A session logged on this device or read from the server: what the headache form asks
 * about ("did exercise bring it on?"), offline too. */
export interface RecentSession { id?: number; performed_at: string }
const KEEP_SESSIONS_MS = 2 * 86400e3;

/** Keeps the last two days' sessions on the device, one per id. */
export async function rememberSessions(rows: RecentSession[]): Promise<RecentSession[]> {
  const kept = (await kvGet<RecentSession[]>("recent-sessions")) ?? [];
  const byId = new Map<number, RecentSession>();
  for (const r of [...kept, ...rows]) if (r?.id != null && r.performed_at) byId.set(r.id, { id: r.id, performed_at: r.performed_at });
  const since = Date.now() - KEEP_SESSIONS_MS;
  const out = [...byId.values()].filter((r) => new Date(r.performed_at).getTime() >= since);
  await kvSet("recent-sessions", out);
  return out;
}

export const outbox = new Outbox(sendEntry, db, () => auth?.user.id ?? null);

/** Sync now, on app start, and whenever the browser says it is back online. */
export function startSync() {
  const go = () => {
    if (auth) outbox.sync().catch(() => undefined);
  };
  window.addEventListener("online", go);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && go());
  setInterval(go, 60_000);
  go();
}

/** Signs in, or answers the second step staff with 2FA give next (src/account). */
export async function login(email: string, password: string): Promise<Auth | SecondStepAnswer> {
  const a = await post<(Auth & { expires_at: string }) | SecondStepAnswer>("auth/login", { email, password });
  if ("mfa_token" in a) return a;
  await saveAuth({ token: a.token, user: a.user });
  return a;
}
export interface SecondStepAnswer { mfa_required?: boolean; mfa_setup_required?: boolean; mfa_token: string }

// What the app keeps of the signed-in person on the device, besides the outbox (whose
// entries wait for their owner): the IndexedDB copies and the service worker's API caches
// (vite.config.ts runtimeCaching). A shared phone shows the next person none of it.
export const USER_KV_KEYS = ["today", "notifications", "recent-sessions", "guided-session"];
const USER_CACHES = ["hep-today", "hep-me"];

export async function logout() {
  try {
    await post("auth/logout");
  } catch {
    /* the token goes from this device either way */
  }
  await clearAuth();
  await Promise.all(USER_KV_KEYS.map((key) => kvDel(key).catch(() => undefined)));
  if (typeof caches !== "undefined") {
    await Promise.all(USER_CACHES.map((name) => caches.delete(name).catch(() => false)));
  }
}

/** "Sat 21 Nov, 18:00" in `zone`: a moment on a nearby day, as the patient's clock reads. */
export function dayAndTime(iso: string, zone?: string): string {
  // The browser's language, named: some builds' Intl default follows the OS locale instead.
  return new Intl.DateTimeFormat(navigator.language || undefined, {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: zone,
  }).format(new Date(iso));
}

/** The patient's local date (YYYY-MM-DD) in their own time zone. */
export function localDate(tz?: string, d = new Date()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

/** Last good copy of today's plan on the device (besides the service worker's cache). */
export const kvTodaySet = (t: unknown) => kvSet("today", t).catch(() => undefined);
export const kvTodayGet = <T>() => kvGet<T>("today");
export const newId = () => crypto.randomUUID();

import { get, post } from "./client";
import type { Schema } from "./types";

/** An alert; `details` is open in the schema: the numbers behind it, by kind. */
export type Alert = Omit<Schema<"Alert">, "details"> & { details: Record<string, unknown> };
interface AlertQuery { status?: "open" | "resolved"; patient?: number }

const query = (q: AlertQuery & { limit?: number }) => {
  const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v != null).map(([k, v]) => [k, String(v)]));
  return `alerts${params.size ? `?${params}` : ""}`;
};
export const listAlerts = (q: AlertQuery = {}) => get<Alert[]>(query(q));
/** How many alerts match, without fetching them (a page of one carries the count). */
export const countAlerts = async (q: AlertQuery = {}) => (await get<{ count: number }>(query({ ...q, limit: 1 }))).count;
/** A page of the newest alerts. */
export const pageAlerts = async (q: AlertQuery, limit: number) => (await get<{ count: number; results: Alert[] }>(query({ ...q, limit }))).results;

// Screens that show alerts (the menu's count) hear when one is resolved or declined.
export const alertsChanged = new EventTarget();
const changed = <T>(a: T) => { alertsChanged.dispatchEvent(new Event("change")); return a; };

/** Close an alert as dealt with; the note is kept with who and when. */
export const resolveAlert = (id: number, note = "") => post<Alert>(`alerts/${id}/resolve`, note ? { note } : {}).then(changed);
/** Decline a progression proposal (the phase stays), with the reason. */
export const declineAlert = (id: number, reason: string) => post<Alert>(`alerts/${id}/decline`, { reason }).then(changed);

import { get, post } from "./client";
import type { Schema } from "./types";

/** An alert; `details` is open in the schema: the numbers behind it, by kind. */
export type Alert = Omit<Schema<"Alert">, "details"> & { details: Record<string, unknown> };

export const listAlerts = (query: { status?: "open" | "resolved"; patient?: number } = {}) => {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v != null).map(([k, v]) => [k, String(v)]));
  return get<Alert[]>(`alerts${q.size ? `?${q}` : ""}`);
};
export const resolveAlert = (id: number) => post<Alert>(`alerts/${id}/resolve`);

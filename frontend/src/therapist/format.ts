export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "–");
export const name = (p: { first_name?: string; last_name?: string }) => `${p.first_name ?? ""} ${p.last_name ?? ""}`.trim();

/** Whole days from one ISO date (YYYY-MM-DD) to another: negative when `to` is earlier. */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400e3);
/** "Thu 3 Dec 2026" for an ISO date. */
export const longDate = (iso: string) =>
  new Date(`${iso}T00:00:00`).toLocaleDateString([], { weekday: "short", day: "numeric", month: "short", year: "numeric" });

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" }) : "–");
export const name = (p: { first_name?: string; last_name?: string }) => `${p.first_name ?? ""} ${p.last_name ?? ""}`.trim();


import { del, get, put } from "./client";
import type { Schema } from "./types";

export type SessionLog = Schema<"SessionLog">;
export type HeadacheLog = Schema<"HeadacheLog">;
export type Today = Schema<"Today">;

export const sessionLogs = (patient: number) => get<SessionLog[]>(`session-logs?patient=${patient}`);
export const headacheLogs = (patient: number) => get<HeadacheLog[]>(`headache-logs?patient=${patient}`);
/** The signed-in patient's day: what is due, done, and any stop-and-rest notice. */
export const getToday = <T = Today>() => get<T>("me/today");
/** Rest today, with a reason (the day leaves adherence), or undo it. */
export const restDay = (date: string, reason: string) => put(`me/skips/${date}`, { reason });
export const undoRestDay = (date: string) => del(`me/skips/${date}`);

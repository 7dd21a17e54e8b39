// Today's plan as the server sends it (me/today), the copy kept on the device, and the
// dose in words: shared by the Today list, the guided session and the headache form.
import { get, kvTodayGet, kvTodaySet } from "../lib/api";
import type { Dose } from "../lib/performed";
import type { Prescription } from "../lib/timers";
import { m } from "../messages";

export interface TodayItem {
  assignment: number;
  item: number;
  exercise: { slug: string; name: string; kind: string; instructions: string; what_to_feel?: string; stop_if?: string; cues?: string[] };
  prescription: Prescription & { times_per_day?: number; target_mmhg?: number; days_of_week?: string[];
    warm_up_minutes?: number; warm_up_rpe?: string; main_minutes?: number; rpe_target?: string; cool_down_minutes?: number };
  due: number;
  done: number;
}
export interface TodayData {
  date: string;
  items: TodayItem[];
  notices?: { kind: string; message: string; since: string }[];
  safety?: { emergency_number: string; exercise_trigger_window_hours: number };
  skipped?: string | null; // the reason given for resting that day (PUT me/skips/{date})
}

export async function loadToday(): Promise<TodayData> {
  try {
    const t = await get<TodayData>("me/today");
    kvTodaySet(t);
    return t;
  } catch (err) {
    // The service worker answers from its cache when it can; this is the second net.
    const cached = await kvTodayGet<TodayData>();
    if (cached) return cached;
    throw err;
  }
}

export function doseText(it: TodayItem): string {
  const p = it.prescription, d = m.dose, parts: string[] = [];
  if (it.exercise.kind === "hold" && p.hold_seconds) parts.push(d.holds((p.reps ?? 1) * (p.sets ?? 1), p.hold_seconds));
  else if (p.reps) parts.push(d.reps(p.sets ?? 1, p.reps));
  if (p.duration_minutes) parts.push(d.minutes(p.duration_minutes));
  if (p.rest_seconds) parts.push(d.rest(p.rest_seconds));
  if (p.side) parts.push(d.side(p.side));
  else if (p.per_side) parts.push(d.perSide);
  if (p.target_mmhg) parts.push(d.target(p.target_mmhg));
  if (p.times_per_day) parts.push(d.timesPerDay(p.times_per_day));
  return parts.join(" · ");
}

/** Exercises whose program progresses on the dizziness they provoke (gaze stabilisation,
 * issue 10; programs/templates/dizziness-gaze-stabilisation.yaml `progress_on: dizziness`):
 * the end of a session asks for that rating, sent on the exercise's own entry. */
export const RATES_DIZZINESS = new Set(["gaze-stabilisation-vor-x1"]);

/** An exercise to log and the dose done: as prescribed ("I did it"), or as guided. */
export interface Performed { item: TodayItem; dose: Dose }


// Today's plan as the server sends it (me/today), the copy kept on the device, and the
// dose in words: shared by the Today list, the guided session and the headache form.
import { getToday, kvTodayGet, kvTodaySet, type Schema } from "../lib/api";
import type { Dose } from "../lib/performed";
import type { Prescription } from "../lib/timers";
import { m } from "../messages";
import type { Demonstration } from "../demonstration/figure";

type ServerItem = Schema<"TodayItem">;
type ServerToday = Schema<"Today">;

/** One exercise due today (me/today, typed from the schema). The schema names the
 * prescription's common fields; the rest depend on the exercise's kind (lib/timers). */
export type TodayItem = Omit<ServerItem, "exercise" | "prescription" | "dose_text"> & {
  dose_text?: string; // a day cached by an older app has none: doseText words it here
  exercise: Pick<ServerItem["exercise"], "slug" | "name" | "kind" | "instructions">
    & Partial<Pick<ServerItem["exercise"], "what_to_feel" | "stop_if" | "cues" | "rates_dizziness">>
    & { demonstration?: Demonstration | null };
  prescription: Prescription & { times_per_day?: number; target_mmhg?: number; days_of_week?: string[];
    warm_up_minutes?: number; warm_up_rpe?: string; main_minutes?: number; rpe_target?: string; cool_down_minutes?: number };
};
/** The day: a copy cached by an older app may lack the newer fields. */
export type TodayData = Pick<ServerToday, "date"> & Partial<Pick<ServerToday, "notices" | "safety">> & {
  items: TodayItem[];
  skipped?: ServerToday["skipped"]; // the reason given for resting that day (PUT me/skips/{date})
  // The newest change a therapist made to a running program in the last 7 days.
  program_changed?: { assignment: number; program: string; changed_at: string } | null;
};

export async function loadToday(): Promise<TodayData> {
  try {
    const t = await getToday<TodayData>();
    kvTodaySet(t);
    return t;
  } catch (err) {
    // The service worker answers from its cache when it can; this is the second net.
    const cached = await kvTodayGet<TodayData>();
    if (cached) return cached;
    throw err;
  }
}

/** The dose in words, as the server words it (assignments/dose.py): the therapist's page
 * shows the same sentence. */
export function doseText(it: TodayItem): string {
  // An older cached day has no dose_text: the same words made here.
  return it.dose_text || doseWords(it.exercise.kind, it.prescription);
}

/** A dose in words ("10 × 10 s hold · rest 10 s · target 26 mmHg · 2 times a day"): the
 * therapist's forms showing the dose now. */
export function doseWords(kind: string | null | undefined, dose: object): string {
  const p = dose as TodayItem["prescription"], d = m.dose, parts: string[] = [];
  if (kind === "hold" && p.hold_seconds) parts.push(d.holds((p.reps ?? 1) * (p.sets ?? 1), p.hold_seconds));
  else if (p.reps) parts.push(d.reps(p.sets ?? 1, p.reps));
  if (p.duration_minutes) parts.push(d.minutes(p.duration_minutes));
  if (p.rest_seconds) parts.push(d.rest(p.rest_seconds));
  if (p.side) parts.push(d.side(p.side));
  else if (p.per_side) parts.push(d.perSide);
  if (p.target_mmhg) parts.push(d.target(p.target_mmhg));
  if (p.times_per_day) parts.push(d.timesPerDay(p.times_per_day));
  return parts.join(" · ");
}

/** An exercise to log and the dose done: as prescribed ("I did it"), or as guided. */
export interface Performed { item: TodayItem; dose: Dose }


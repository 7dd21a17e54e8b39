// Today's plan as the server sends it (me/today), the copy kept on the device, and the
// dose in words: shared by the Today list, the guided session and the headache form.
import { get, kvTodayGet, kvTodaySet } from "../lib/api";
import type { Dose } from "../lib/performed";
import type { Prescription } from "../lib/timers";
import { m } from "../messages";
import type { Demonstration } from "../demonstration/figure";

export interface TodayItem {
  assignment: number;
  item: number;
  exercise: { slug: string; name: string; kind: string; instructions: string; what_to_feel?: string; stop_if?: string; cues?: string[];
    demonstration?: Demonstration | null };
  prescription: Prescription & { times_per_day?: number; target_mmhg?: number; days_of_week?: string[];
    warm_up_minutes?: number; warm_up_rpe?: string; main_minutes?: number; rpe_target?: string; cool_down_minutes?: number };
  dose_text?: string; // "10 x 10 s hold, rest 10 s, 26 mmHg, 2 times a day"
  due: number;
  done: number;
}
export interface TodayData {
  date: string;
  items: TodayItem[];
  notices?: { kind: string; message: string; since: string }[];
  safety?: { emergency_number: string; exercise_trigger_window_hours: number };
  skipped?: string | null; // the reason given for resting that day (PUT me/skips/{date})
  // The newest change a therapist made to a running program in the last 7 days.
  program_changed?: { assignment: number; program: string; changed_at: string } | null;
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

/** The dose in words, as the server words it (assignments/dose.py): the therapist's page
 * shows the same sentence. */
export function doseText(it: TodayItem): string {
  return it.dose_text ?? "";
}

/** An exercise to log and the dose done: as prescribed ("I did it"), or as guided. */
export interface Performed { item: TodayItem; dose: Dose }


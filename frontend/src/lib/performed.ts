// What a guided session logs: the dose the patient actually completed, step by step, so a
// skipped hold, an uncounted rep or an exercise never reached is not logged as done. The
// progression engine compares these figures with the prescription (full-dose sessions), so
// when a partial session cannot be said exactly in sets x reps it is rounded down.
import type { Prescription, Step } from "./timers";

/** One finished step; a skipped or unreached step has none. */
export interface StepResult {
  reps?: number; // reps counted in a set
  seconds?: number; // seconds held or timed
  minutes?: number; // aerobic minutes the patient entered
  rpe?: number | null; // aerobic effort, Borg 6-20
}

/** One SessionEntry's figures (POST session-logs `entries`, without the exercise). */
export interface Dose {
  sets: number | null;
  reps: number | null;
  hold_seconds: number | null;
  duration_minutes: number | null;
  rpe: number | null;
}

/** The prescription as a dose: what "I did it — log it" records. */
export function prescribedDose(p: Prescription): Dose {
  return { sets: p.sets ?? null, reps: p.reps ?? null, hold_seconds: p.hold_seconds ?? null,
           duration_minutes: p.duration_minutes ?? null, rpe: null };
}

const none: Dose = { sets: null, reps: null, hold_seconds: null, duration_minutes: null, rpe: null };

/**
 * The dose of item `item` completed in a guided session, or null when nothing of it was
 * completed (then it is not logged at all: a log counts the item as done today).
 * - holds: holds finished; on each side, the fewer of the two sides;
 * - reps: sets finished (on both sides), each with the fewest reps counted in any of them;
 * - timed: whole minutes; aerobic: the minutes and effort entered; checklists: ticked.
 */
export function performedDose(steps: Step[], results: (StepResult | undefined)[], item: number,
                              p: Prescription): Dose | null {
  const done = steps.flatMap((step, i) => (
    step.item === item && step.kind !== "rest" && results[i] ? [{ step, result: results[i]! }] : []));
  if (done.length === 0) return null;
  const kind = done[0].step.kind;
  if (kind === "hold") return holdDose(done.map((d) => d.step), p);
  if (kind === "reps") return repsDose(done, p);
  if (kind === "timed") {
    const minutes = Math.floor(done.reduce((sum, d) => sum + (d.result.seconds ?? 0), 0) / 60);
    return minutes > 0 ? { ...none, duration_minutes: minutes } : null;
  }
  if (kind === "aerobic") {
    const { minutes, rpe } = done[0].result;
    return minutes && minutes > 0 ? { ...none, duration_minutes: minutes, rpe: rpe ?? null } : null;
  }
  if (kind === "check") return { ...none };
  return null;
}

function holdDose(steps: Step[], p: Prescription): Dose | null {
  const holds = steps.filter((s) => s.kind === "hold") as Extract<Step, { kind: "hold" }>[];
  const bySide = (side?: 1 | 2) => holds.filter((h) => h.side === side).length;
  const n = p.per_side ? Math.min(bySide(1), bySide(2)) : holds.length;
  if (n === 0) return null;
  const hold_seconds = holds[0].seconds;
  const perSet = p.reps ?? n;
  if ((p.sets ?? 1) > 1) {
    // 15 holds of 2 x 10 are logged as 1 x 10: whole sets, never more than was done.
    const sets = Math.floor(n / perSet);
    return sets >= 1 ? { ...none, sets, reps: perSet, hold_seconds } : { ...none, sets: 1, reps: n, hold_seconds };
  }
  return { ...none, sets: p.sets ?? null, reps: n, hold_seconds };
}

function repsDose(done: { step: Step; result: StepResult }[], p: Prescription): Dose | null {
  const counted = new Map<number, Map<number, number>>(); // set -> side -> reps
  for (const { step, result } of done) {
    if (step.kind !== "reps") continue;
    const sides = counted.get(step.set) ?? new Map<number, number>();
    sides.set(step.side ?? 0, result.reps ?? step.reps);
    counted.set(step.set, sides);
  }
  const needed = p.per_side ? 2 : 1;
  const whole = [...counted.values()].filter((sides) => sides.size === needed);
  if (whole.length === 0) return null;
  const reps = Math.min(...whole.flatMap((sides) => [...sides.values()]));
  return { ...none, sets: whole.length, reps, hold_seconds: p.hold_seconds ?? null };
}

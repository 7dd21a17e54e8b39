import { describe, expect, it } from "vitest";
import { performedDose, prescribedDose, type StepResult } from "../src/lib/performed";
import { stepsFor, type Prescription, type Step } from "../src/lib/timers";

/** Results for the steps of one item: `pick(step, n)` gives a step's result or undefined (skipped). */
function run(kind: string, p: Prescription, pick: (s: Step, n: number) => StepResult | undefined) {
  const steps = stepsFor(0, kind, p);
  let n = 0;
  const results = steps.map((s) => (s.kind === "rest" ? undefined : pick(s, n++)));
  return performedDose(steps, results, 0, p);
}

describe("performedDose", () => {
  it("logs every hold finished, and nothing when none was", () => {
    const p = { reps: 10, hold_seconds: 10 };
    expect(run("hold", p, (s) => ({ seconds: 10 }))).toEqual({ sets: null, reps: 10, hold_seconds: 10, duration_minutes: null, rpe: null });
    expect(run("hold", p, (_s, n) => (n < 7 ? { seconds: 10 } : undefined))?.reps).toBe(7);
    expect(run("hold", p, () => undefined)).toBeNull();
  });

  it("counts holds on each side by the side done less", () => {
    const p = { reps: 3, hold_seconds: 30, per_side: true };
    expect(run("hold", p, () => ({ seconds: 30 }))?.reps).toBe(3);
    // Three on the first side, one on the other: one hold on each side.
    expect(run("hold", p, (s) => (s.kind === "hold" && (s.side === 1 || s.rep === 1) ? { seconds: 30 } : undefined))?.reps).toBe(1);
    expect(run("hold", p, (s) => (s.kind === "hold" && s.side === 1 ? { seconds: 30 } : undefined))).toBeNull();
  });

  it("logs whole sets of holds, never more than was done", () => {
    const p = { sets: 2, reps: 10, hold_seconds: 10 };
    expect(run("hold", p, (_s, n) => (n < 15 ? { seconds: 10 } : undefined))).toMatchObject({ sets: 1, reps: 10 });
    expect(run("hold", p, (_s, n) => (n < 4 ? { seconds: 10 } : undefined))).toMatchObject({ sets: 1, reps: 4 });
  });

  it("logs the sets done on both sides with the fewest reps counted", () => {
    const p = { sets: 2, reps: 10, per_side: true };
    const counts = [10, 10, 8, 10]; // set 1 both sides, set 2 first side 8
    expect(run("reps", p, (_s, n) => ({ reps: counts[n] }))).toEqual({ sets: 2, reps: 8, hold_seconds: null, duration_minutes: null, rpe: null });
    // The second set on one side only: one set.
    expect(run("reps", p, (_s, n) => (n < 3 ? { reps: 10 } : undefined))).toMatchObject({ sets: 1, reps: 10 });
    expect(run("reps", p, (_s, n) => (n === 0 ? { reps: 10 } : undefined))).toBeNull();
    // A held rep (self-SNAG, 3 s) keeps its hold time.
    expect(run("reps", { reps: 2, hold_seconds: 3, per_side: true }, () => ({ reps: 2 }))).toMatchObject({ sets: 1, reps: 2, hold_seconds: 3 });
  });

  it("logs whole minutes of a timed exercise, the aerobic minutes and effort, and a ticked check", () => {
    expect(run("timed", { duration_minutes: 5 }, () => ({ seconds: 300 }))?.duration_minutes).toBe(5);
    expect(run("timed", { duration_minutes: 5 }, () => ({ seconds: 150 }))?.duration_minutes).toBe(2);
    expect(run("timed", { duration_minutes: 5 }, () => ({ seconds: 40 }))).toBeNull();
    expect(run("aerobic", { duration_minutes: 25 }, () => ({ minutes: 20, rpe: 13 }))).toEqual(
      { sets: null, reps: null, hold_seconds: null, duration_minutes: 20, rpe: 13 });
    expect(run("aerobic", { duration_minutes: 25 }, () => ({ minutes: 0, rpe: null }))).toBeNull();
    expect(run("checklist", {}, () => ({}))).toEqual({ sets: null, reps: null, hold_seconds: null, duration_minutes: null, rpe: null });
    expect(run("checklist", {}, () => undefined)).toBeNull();
  });

  it("reads only its own item's steps", () => {
    const steps = [...stepsFor(0, "hold", { reps: 2, hold_seconds: 5 }), ...stepsFor(1, "checklist", {})];
    const results = steps.map((s) => (s.item === 0 && s.kind === "hold" ? { seconds: 5 } : undefined));
    expect(performedDose(steps, results, 0, { reps: 2, hold_seconds: 5 })?.reps).toBe(2);
    expect(performedDose(steps, results, 1, {})).toBeNull();
  });

  it("logs the prescription as it stands for a quick 'I did it'", () => {
    expect(prescribedDose({ sets: 3, reps: 12, per_side: true })).toEqual({ sets: 3, reps: 12, hold_seconds: null, duration_minutes: null, rpe: null });
  });
});

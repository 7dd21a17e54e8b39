import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Countdown, speedFromUrl, stepsFor, type Clock } from "../src/lib/timers";

const fakeClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("stepsFor", () => {
  it("makes 10 x 10 s holds with rests between, not after the last", () => {
    const steps = stepsFor(0, "hold", { reps: 10, hold_seconds: 10, rest_seconds: 10 });
    expect(steps.filter((s) => s.kind === "hold")).toHaveLength(10);
    expect(steps.filter((s) => s.kind === "rest")).toHaveLength(9);
    expect(steps[0]).toEqual({ kind: "hold", item: 0, rep: 1, of: 10, seconds: 10 });
    expect(steps.at(-1)).toMatchObject({ kind: "hold", rep: 10 });
  });
  it("doubles holds per side, counts sets of reps, and handles aerobic and timed items", () => {
    const stretch = stepsFor(0, "hold", { reps: 3, hold_seconds: 30, per_side: true }).filter((s) => s.kind === "hold");
    expect(stretch.map((s) => s.kind === "hold" && `${s.rep}/${s.of}:${s.side}`)).toEqual(["1/3:1", "1/3:2", "2/3:1", "2/3:2", "3/3:1", "3/3:2"]);
    const reps = stepsFor(1, "reps", { sets: 3, reps: 12, rest_seconds: 60 });
    expect(reps.map((s) => s.kind)).toEqual(["reps", "rest", "reps", "rest", "reps"]);
    // Each side straight after the other; the rest comes between sets.
    const sides = stepsFor(1, "reps", { sets: 2, reps: 10, per_side: true });
    expect(sides.map((s) => (s.kind === "reps" ? `${s.set}:${s.side}` : s.kind))).toEqual(["1:1", "1:2", "rest", "2:1", "2:2"]);
    expect(stepsFor(2, "aerobic", { duration_minutes: 25 })).toEqual([{ kind: "aerobic", item: 2, minutes: 25 }]);
    expect(stepsFor(3, "timed", { duration_minutes: 3 })).toEqual([{ kind: "timed", item: 3, seconds: 180 }]);
    expect(stepsFor(4, "checklist", {})).toEqual([{ kind: "check", item: 4 }]);
  });
});

describe("Countdown", () => {
  it("ticks whole seconds down and finishes once", () => {
    const ticks: number[] = [];
    const done = vi.fn();
    const c = new Countdown(10, (s) => ticks.push(s), done, fakeClock);
    c.start();
    vi.advanceTimersByTime(9_900);
    expect(done).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(done).toHaveBeenCalledTimes(1);
    expect(ticks).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    vi.advanceTimersByTime(5_000);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it("pauses and resumes without losing time", () => {
    const done = vi.fn();
    const c = new Countdown(10, () => undefined, done, fakeClock);
    c.start();
    vi.advanceTimersByTime(4_000);
    c.pause();
    expect(c.remaining()).toBe(6_000);
    vi.advanceTimersByTime(60_000);
    expect(done).not.toHaveBeenCalled();
    c.start();
    vi.advanceTimersByTime(6_100);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it("is measured by the clock, so a throttled tab still ends on time", () => {
    const done = vi.fn();
    let now = 0;
    const ticks: (() => void)[] = [];
    const slow: Clock = { now: () => now, every: (_ms, fn) => { ticks.push(fn); return () => undefined; } };
    const c = new Countdown(10, () => undefined, done, slow);
    c.start();
    now = 10_500; // one late tick after 10.5 s
    ticks[0]();
    expect(done).toHaveBeenCalledTimes(1);
  });

  it("runs faster with a speed factor (?speed=N in tests and demos)", () => {
    const done = vi.fn();
    new Countdown(10, () => undefined, done, fakeClock, 100).start();
    vi.advanceTimersByTime(150);
    expect(done).toHaveBeenCalledTimes(1);
    expect(speedFromUrl("?speed=200")).toBe(200);
    expect(speedFromUrl("?speed=abc")).toBe(1);
    expect(speedFromUrl("")).toBe(1);
  });

  it("cancel stops it without finishing", () => {
    const done = vi.fn();
    const c = new Countdown(2, () => undefined, done, fakeClock);
    c.start();
    c.cancel();
    vi.advanceTimersByTime(5_000);
    expect(done).not.toHaveBeenCalled();
  });
});

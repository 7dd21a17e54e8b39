// Guided-session timing: a plan of steps (hold / rest / reps / timed / aerobic / check) and
// a countdown driven by an injectable clock, so tests (and `?speed=`) control time.

export interface Prescription {
  sets?: number | null;
  reps?: number | null;
  hold_seconds?: number | null;
  rest_seconds?: number | null;
  duration_minutes?: number | null;
  per_side?: boolean;
  side?: "left" | "right" | "both";
}

/** 1: the first side, 2: the other; only on items done on each side. */
export type Side = 1 | 2;

export type Step =
  | { kind: "hold"; item: number; rep: number; of: number; seconds: number; side?: Side }
  | { kind: "rest"; item: number; seconds: number }
  | { kind: "reps"; item: number; set: number; of: number; reps: number; side?: Side }
  | { kind: "timed"; item: number; seconds: number }
  | { kind: "aerobic"; item: number; minutes: number }
  | { kind: "check"; item: number };

/**
 * Steps for one exercise. `hold` kinds become reps x (hold, rest) without a trailing rest;
 * `reps` kinds become sets with a rest between them. An item done on each side alternates
 * sides (hold 1 on the first side, then the other, as the stretches' instructions say),
 * and `rep`/`set` count per side, as the prescription does.
 */
export function stepsFor(item: number, exerciseKind: string, p: Prescription): Step[] {
  const steps: Step[] = [];
  const rest = p.rest_seconds ?? 10;
  const sides: (Side | undefined)[] = p.per_side ? [1, 2] : [undefined];
  if (exerciseKind === "hold" && p.hold_seconds) {
    const reps = (p.reps ?? 1) * (p.sets ?? 1);
    for (let r = 1; r <= reps; r++) {
      sides.forEach((side, i) => {
        if ((r > 1 || i > 0) && rest > 0) steps.push({ kind: "rest", item, seconds: rest });
        steps.push({ kind: "hold", item, rep: r, of: reps, seconds: p.hold_seconds!, ...(side ? { side } : {}) });
      });
    }
  } else if (exerciseKind === "reps" || (p.reps && !p.duration_minutes)) {
    const sets = p.sets ?? 1;
    for (let s = 1; s <= sets; s++) {
      // Straight from one side to the other; the rest comes between sets.
      if (s > 1 && rest > 0) steps.push({ kind: "rest", item, seconds: Math.max(rest, 30) });
      for (const side of sides) {
        steps.push({ kind: "reps", item, set: s, of: sets, reps: p.reps ?? 10, ...(side ? { side } : {}) });
      }
    }
  } else if (exerciseKind === "aerobic") {
    steps.push({ kind: "aerobic", item, minutes: p.duration_minutes ?? 30 });
  } else if (p.duration_minutes) {
    steps.push({ kind: "timed", item, seconds: p.duration_minutes * 60 });
  } else {
    steps.push({ kind: "check", item });
  }
  return steps;
}

export interface Clock {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  every(ms, fn) {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

/** Speed factor from `?speed=N` (tests and demos); 1 otherwise. */
export function speedFromUrl(search = typeof location !== "undefined" ? location.search : ""): number {
  const n = Number(new URLSearchParams(search).get("speed"));
  return Number.isFinite(n) && n >= 1 && n <= 1000 ? n : 1;
}

/**
 * A countdown of `seconds` that calls `onTick(remainingWholeSeconds)` as it changes and
 * `onDone()` once. Pausing keeps the remaining time; time is measured from the clock, not
 * counted in ticks, so a throttled background tab still finishes on time.
 */
export class Countdown {
  private remainingMs: number;
  private startedAt = 0;
  private stop: (() => void) | null = null;
  private lastShown = -1;
  done = false;

  constructor(
    seconds: number,
    private onTick: (remaining: number) => void,
    private onDone: () => void,
    private clock: Clock = realClock,
    private speed = 1,
  ) {
    this.remainingMs = seconds * 1000;
  }

  get running() {
    return this.stop !== null;
  }

  remaining(): number {
    const elapsed = this.running ? (this.clock.now() - this.startedAt) * this.speed : 0;
    return Math.max(0, this.remainingMs - elapsed);
  }

  start() {
    if (this.running || this.done) return;
    this.startedAt = this.clock.now();
    this.stop = this.clock.every(Math.max(10, Math.floor(100 / this.speed)), () => this.tick());
    this.tick();
  }

  pause() {
    if (!this.running) return;
    this.remainingMs = this.remaining();
    this.stop!();
    this.stop = null;
  }

  cancel() {
    this.stop?.();
    this.stop = null;
    this.done = true;
  }

  private tick() {
    const ms = this.remaining();
    const shown = Math.ceil(ms / 1000);
    if (shown !== this.lastShown) {
      this.lastShown = shown;
      this.onTick(shown);
    }
    if (ms <= 0 && !this.done) {
      this.cancel();
      this.onDone();
    }
  }
}

/** A short beep (WebAudio) and a vibration where supported; silent when unavailable. */
let audio: AudioContext | null = null;
export function cue(kind: "start" | "end" = "end") {
  try {
    if (typeof navigator !== "undefined" && "vibrate" in navigator) {
      navigator.vibrate(kind === "end" ? [200, 80, 200] : 120);
    }
    const Ctx = (globalThis as any).AudioContext || (globalThis as any).webkitAudioContext;
    if (!Ctx) return;
    audio = audio ?? new Ctx();
    const ctx = audio!;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = kind === "end" ? 880 : 660;
    gain.gain.setValueAtTime(0.2, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.25);
  } catch {
    /* no sound is fine */
  }
}

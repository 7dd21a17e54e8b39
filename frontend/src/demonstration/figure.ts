// Demonstrations as data (docs/demonstrations.md): joint angles of key poses -> the points of
// a simple 2D figure, and the timeline that moves between the poses with the dose's timing.
// Pure functions, no DOM: Demonstration.tsx draws what these compute.

export type View = "side" | "front" | "above" | "lying";
export type Joints = Record<string, number>;
export interface Pose { name: string; joints: Partial<Joints>; move_seconds: number; hold: number | "hold" | "rest" }
export interface Drawn {
  view: View; focus?: "head" | "upper" | "whole"; props: string[]; text: string; poses: Pose[];
  arrow?: { joint: string; both_ways?: boolean };
}
export type Demonstration = Drawn | { none: string };
export interface Dose { hold_seconds?: number | null; rest_seconds?: number | null }

export const isDrawn = (d: Demonstration | null | undefined): d is Drawn => !!d && "poses" in d;

type Pt = [number, number];
const BASE = ["trunk", "neck", "head", "head_turn"];
const SIDED = ["scapula", "shoulder", "elbow", "hip", "knee"];
const DEPTH = ["shoulder", "elbow", "hip", "knee"];

/** Every pose with all its joints: each lists only what changes from the one before; a
 * `_r` joint copies its left one unless given (in this pose or an earlier one). */
export function fullPoses(poses: Pose[]): Joints[] {
  const given: Joints = {};
  return poses.map((p) => {
    for (const [k, v] of Object.entries(p.joints)) if (typeof v === "number") given[k] = v;
    const j: Joints = {};
    for (const k of BASE) j[k] = given[k] ?? 0;
    for (const k of SIDED) { j[k] = given[k] ?? 0; j[`${k}_r`] = given[`${k}_r`] ?? j[k]; }
    for (const k of DEPTH) {
      j[`${k}_depth`] = given[`${k}_depth`] ?? 0;
      j[`${k}_r_depth`] = given[`${k}_r_depth`] ?? j[`${k}_depth`];
    }
    return j;
  });
}

/** Seconds a pose is held: a number, or the dose's hold/rest time (so a 10 s hold holds
 * the pose 10 s). */
export function holdSeconds(hold: Pose["hold"], dose: Dose): number {
  if (hold === "hold") return dose.hold_seconds ?? 5;
  if (hold === "rest") return dose.rest_seconds ?? 3;
  return hold;
}

export interface Phase { index: number; from: number; start: number; move: number; hold: number }

/** The loop: move into pose i (from the pose before it, the last one for the first), then
 * hold it. */
export function timeline(d: Drawn, dose: Dose): { phases: Phase[]; total: number } {
  let start = 0;
  const n = d.poses.length;
  const phases = d.poses.map((p, index) => {
    const phase = { index, from: (index + n - 1) % n, start, move: p.move_seconds, hold: holdSeconds(p.hold, dose) };
    start += phase.move + phase.hold;
    return phase;
  });
  return { phases, total: start };
}

const ease = (x: number) => x * x * (3 - 2 * x);

/** The joints at `t` seconds into the loop, and the pose being moved into or held. */
export function jointsAt(d: Drawn, full: Joints[], dose: Dose, t: number): { joints: Joints; pose: number } {
  const { phases, total } = timeline(d, dose);
  if (full.length === 1 || total <= 0) return { joints: full[0], pose: 0 };
  const at = ((t % total) + total) % total;
  const phase = phases.find((p) => at < p.start + p.move + p.hold) ?? phases[phases.length - 1];
  const into = phase.move > 0 ? Math.min(1, (at - phase.start) / phase.move) : 1;
  const a = full[phase.from], b = full[phase.index], e = ease(into);
  const joints: Joints = {};
  for (const k of Object.keys(b)) joints[k] = a[k] + (b[k] - a[k]) * e;
  return { joints, pose: phase.index };
}

// Segment lengths of a figure about 170 units tall.
export const L = { trunk: 52, neck: 11, head: 11, upper: 28, fore: 25, thigh: 42, shin: 42, foot: 10, shoulders: 15, hips: 8 };

const rad = (a: number) => (a * Math.PI) / 180;
/** 0 = up the screen, positive clockwise (y grows downward in SVG). */
export const dir = (a: number): Pt => [Math.sin(rad(a)), -Math.cos(rad(a))];
const add = (p: Pt, v: Pt, s = 1): Pt => [p[0] + v[0] * s, p[1] + v[1] * s];

export interface Limb { root: Pt; mid: Pt; end: Pt; tip?: Pt; far: boolean }
export interface Figure {
  frontal: boolean; trunk: number; face: number; head: Pt; headAngle: number; turn: number; nod: number;
  hip: Pt; neckBase: Pt; neckTop: Pt;
  shoulders: [Pt, Pt]; hips: [Pt, Pt];  // [left, right]
  arms: [Limb, Limb]; legs: [Limb, Limb];
}

/** Points of the figure for one set of joints, the hip (centre) at 0,0. */
export function figure(view: View, j: Joints): Figure {
  const frontal = view === "front" || view === "above";
  const T = j.trunk;
  const hip: Pt = [0, 0];
  const neckBase = add(hip, dir(T), L.trunk);
  const neckTop = add(neckBase, dir(T + j.neck), L.neck);
  const head = add(neckTop, dir(T + j.neck), L.head * 0.85);
  const len = (base: number, depth: number) => base * (1 - depth);
  if (!frontal) {
    const facing = T + 90;
    const shoulder = (scap: number) => add(add(neckBase, dir(T + 180), 4), dir(facing), (-scap / 30) * 6);
    const arm = (s: string, far: boolean): Limb => {
      const root = shoulder(j[`scapula${s}`]);
      const A = T + 180 - j[`shoulder${s}`];
      const mid = add(root, dir(A), len(L.upper, j[`shoulder${s}_depth`]));
      const end = add(mid, dir(A - j[`elbow${s}`]), len(L.fore, j[`elbow${s}_depth`]));
      return { root, mid, end, far };
    };
    const leg = (s: string, far: boolean): Limb => {
      const Th = T + 180 - j[`hip${s}`];
      const mid = add(hip, dir(Th), len(L.thigh, j[`hip${s}_depth`]));
      const Sh = Th + j[`knee${s}`];
      const end = add(mid, dir(Sh), len(L.shin, j[`knee${s}_depth`]));
      return { root: hip, mid, end, tip: add(end, dir(Sh - 90), L.foot), far };
    };
    const sl = shoulder(j.scapula), sr = shoulder(j.scapula_r);
    return {
      frontal, trunk: T, face: facing, head, headAngle: T + j.neck + j.head, turn: j.head_turn, nod: j.head,
      hip, neckBase, neckTop, shoulders: [sl, sr], hips: [hip, hip],
      arms: [arm("", false), arm("_r", true)], legs: [leg("", false), leg("_r", true)],
    };
  }
  const P = T + 90; // toward the patient's left: the viewer's right when upright
  const shoulder = (side: 1 | -1, scap: number) =>
    add(add(add(neckBase, dir(P), side * L.shoulders), dir(T + 180), 3), dir(T), (scap / 30) * 5);
  const sl = shoulder(1, j.scapula), sr = shoulder(-1, j.scapula_r);
  const hl = add(hip, dir(P), L.hips), hr = add(hip, dir(P), -L.hips);
  const arm = (s: string, root: Pt, sign: 1 | -1): Limb => {
    const A = T + 180 - sign * j[`shoulder${s}`];
    const mid = add(root, dir(A), len(L.upper, j[`shoulder${s}_depth`]));
    const end = add(mid, dir(A - sign * j[`elbow${s}`]), len(L.fore, j[`elbow${s}_depth`]));
    return { root, mid, end, far: false };
  };
  const leg = (s: string, root: Pt, sign: 1 | -1): Limb => {
    const Th = T + 180 - sign * j[`hip${s}`];
    const mid = add(root, dir(Th), len(L.thigh, j[`hip${s}_depth`]));
    const Sh = Th - sign * j[`knee${s}`];
    const end = add(mid, dir(Sh), len(L.shin, j[`knee${s}_depth`]));
    return { root, mid, end, tip: add(end, dir(Sh - sign * 90), L.foot * 0.6), far: false };
  };
  return {
    frontal, trunk: T, face: T, head, headAngle: T + j.neck, turn: j.head_turn, nod: j.head,
    hip, neckBase, neckTop, shoulders: [sl, sr], hips: [hl, hr],
    arms: [arm("", sl, 1), arm("_r", sr, -1)], legs: [leg("", hl, 1), leg("_r", hr, -1)],
  };
}

/** Is the figure lying (on a bed) in this view? */
export const lying = (view: View, f: Figure) =>
  view === "lying" || view === "above" || (view === "front" && Math.abs(f.trunk) >= 60);

/** Every point that must fit in the picture. */
export function points(f: Figure): Pt[] {
  const r = L.head * 1.3;
  const limbs = [...f.arms, ...f.legs].flatMap((l) => [l.root, l.mid, l.end, ...(l.tip ? [l.tip] : [])]);
  return [f.hip, f.neckBase, ...f.shoulders, ...f.hips, ...limbs,
    [f.head[0] - r, f.head[1] - r], [f.head[0] + r, f.head[1] + r]];
}

/** Points of head and neck (the close-up) or of head, trunk and arms (`upper`). */
export function focusPoints(f: Figure, focus: "head" | "upper"): Pt[] {
  const r = L.head;
  const head: Pt[] = [[f.head[0] - 2.4 * r, f.head[1] - 2.2 * r], [f.head[0] + 2.4 * r, f.head[1] + 2.2 * r], f.neckBase];
  if (focus === "head") return head;
  return [...head, f.hip, ...f.shoulders, ...f.arms.flatMap((l) => [l.mid, l.end])];
}

export type { Pt };

// Draws an exercise's demonstration (docs/demonstrations.md) as an SVG figure: animated
// between its key poses with the dose's timing, or, with reduced motion, the key poses side
// by side as stills. Loaded per exercise (lazy.tsx), so the patient's entry stays small.
import { useEffect, useMemo, useState } from "preact/hooks";
import { m } from "../messages";
import {
  dir, figure, focusPoints, fullPoses, holdSeconds, jointsAt, L, lying, points,
  type Dose, type Drawn, type Figure, type Joints, type Pt,
} from "./figure";

const PROP = "#8792a2";
const ACCENT = "#d9480f";
const BAND = "#e8590c";

const line = (a: Pt, b: Pt) => ({ x1: a[0], y1: a[1], x2: b[0], y2: b[1] });
const seg = (pts: Pt[]) => "M" + pts.map((p) => `${p[0].toFixed(1)} ${p[1].toFixed(1)}`).join(" L");
const at = (p: Pt, v: Pt, s: number): Pt => [p[0] + v[0] * s, p[1] + v[1] * s];

/** Where the floor, the bed and the chair sit: from the first pose, so they stay put. */
interface Scene { floor: number; bedTop: number | null; minX: number; maxX: number }

function scene(d: Drawn, f: Figure): Scene {
  const pts = points(f);
  const xs = pts.map((p) => p[0]);
  const body = [f.hip, f.neckBase, f.head, ...f.shoulders, ...f.hips, ...f.legs.flatMap((l) => [l.mid, l.end])];
  const bodyX = body.map((p) => p[0]);
  let bedTop: number | null = null;
  if (d.view === "lying") bedTop = Math.max(f.hip[1], f.neckBase[1], ...f.legs.map((l) => l.end[1])) + 9;
  else if (d.view === "front" && lying(d.view, f)) bedTop = Math.max(...[...f.shoulders, ...f.hips].map((p) => p[1])) + 4;
  const feet = f.legs.flatMap((l) => [l.end, l.tip ?? l.end]).map((p) => p[1]);
  const floor = bedTop !== null ? bedTop + 58 : Math.max(...feet) + 3;
  return { floor, bedTop, minX: Math.min(...bodyX, ...xs) - 8, maxX: Math.max(...bodyX) + 8 };
}

function Limb(props: { l: Figure["arms"][0]; w: number; hand?: boolean; opacity?: number }) {
  const { l } = props;
  const d = seg([l.root, l.mid, l.end, ...(l.tip ? [l.tip] : [])]);
  return (
    <g opacity={props.opacity}>
      {/* A thin edge in the page's colour keeps a limb visible where it crosses the body. */}
      {!l.far && <path d={d} fill="none" class="demo-halo" stroke-width={props.w + 3} stroke-linecap="round" stroke-linejoin="round" />}
      <path d={d} fill="none" stroke="currentColor"
        stroke-width={props.w} stroke-linecap="round" stroke-linejoin="round" />
      {props.hand && <circle cx={l.end[0]} cy={l.end[1]} r={props.w * 0.62} fill="currentColor" />}
    </g>
  );
}

function Head(props: { f: Figure; view: Drawn["view"] }) {
  const { f } = props;
  const r = L.head, c = f.head;
  if (props.view === "above") {
    return <g><circle cx={c[0]} cy={c[1]} r={r} fill="currentColor" /></g>;
  }
  if (!f.frontal) {
    // Profile: the cranium, a chin and a nose, so a nod is visible.
    const H = f.headAngle, sin = Math.sin((f.turn * Math.PI) / 180), cos = Math.cos((f.turn * Math.PI) / 180);
    const chin = at(c, dir(H + 128), r * 0.6);
    const nose = [at(c, dir(H + 62), r * 0.9), at(c, dir(H + 76), r * (1 + 0.22 * cos)), at(c, dir(H + 92), r * 0.9)];
    const eye = at(c, dir(H + 52), r * (0.3 + 0.35 * cos));
    const ear = at(c, dir(H + 90), -r * 0.1 - r * 0.45 * sin);
    return (
      <g>
        <circle cx={c[0]} cy={c[1]} r={r} fill="currentColor" />
        <circle cx={chin[0]} cy={chin[1]} r={r * 0.56} fill="currentColor" />
        <path d={seg(nose) + " Z"} fill="currentColor" stroke="currentColor" stroke-width={1.5} stroke-linejoin="round" />
        <circle cx={eye[0]} cy={eye[1]} r={1.6} class="demo-face" />
        <circle cx={ear[0]} cy={ear[1]} r={2.2} class="demo-face" opacity={0.6} />
      </g>
    );
  }
  // From the front: eyes, nose and mouth shift with the turn and the nod.
  const up = dir(f.headAngle), across = dir(f.headAngle + 90);
  const s = Math.sin((f.turn * Math.PI) / 180), n = Math.sin((f.nod * Math.PI) / 180);
  const p = (x: number, y: number) => at(at(c, across, x * r), up, y * r);
  const eyes = [p(-0.38 + s * 0.5, 0.15 - n * 0.7), p(0.38 + s * 0.5, 0.15 - n * 0.7)];
  const nose = p(s * 0.75, -0.15 - n * 0.7), mouth = [p(-0.25 + s * 0.6, -0.5 - n * 0.6), p(0.25 + s * 0.6, -0.5 - n * 0.6)];
  return (
    <g>
      <circle cx={c[0]} cy={c[1]} r={r} fill="currentColor" />
      {eyes.map((e) => <circle cx={e[0]} cy={e[1]} r={1.5} class="demo-face" />)}
      <circle cx={nose[0]} cy={nose[1]} r={1.8} class="demo-face" />
      <line {...line(mouth[0], mouth[1])} class="demo-face-line" stroke-width={1.3} stroke-linecap="round" />
    </g>
  );
}

function Body(props: { f: Figure; view: Drawn["view"] }) {
  const { f } = props;
  if (!f.frontal) {
    const [near, far] = [f.arms[0], f.arms[1]];
    return (
      <g>
        <Limb l={far} w={7} hand opacity={0.45} />
        <Limb l={f.legs[1]} w={9} opacity={0.45} />
        <line {...line(f.hip, f.neckBase)} stroke="currentColor" stroke-width={18} stroke-linecap="round" />
        <line {...line(f.neckBase, f.neckTop)} stroke="currentColor" stroke-width={7} stroke-linecap="round" />
        <Head f={f} view={props.view} />
        <Limb l={f.legs[0]} w={9} />
        <Limb l={near} w={7} hand />
      </g>
    );
  }
  const torso = [f.shoulders[0], f.shoulders[1], f.hips[1], f.hips[0]];
  return (
    <g>
      <Limb l={f.legs[0]} w={9} />
      <Limb l={f.legs[1]} w={9} />
      <path d={seg(torso) + " Z"} fill="currentColor" stroke="currentColor" stroke-width={8} stroke-linejoin="round" />
      <line {...line(f.neckBase, f.neckTop)} stroke="currentColor" stroke-width={7} stroke-linecap="round" />
      <Head f={f} view={props.view} />
      <Limb l={f.arms[0]} w={7} hand />
      <Limb l={f.arms[1]} w={7} hand />
    </g>
  );
}

/** Behind the figure: floor, bed, chair, pillow, wall. */
function Behind(props: { d: Drawn; f: Figure; s: Scene; f0: Figure }) {
  const { d, f, s, f0 } = props;
  const has = (p: string) => d.props.includes(p);
  const out = [];
  if (d.view !== "above") out.push(<line {...line([s.minX - 40, s.floor], [s.maxX + 40, s.floor])} stroke={PROP} stroke-width={2} />);
  if (d.view === "above") {
    const across = dir(f0.trunk + 90), along = dir(f0.trunk);
    const ends = [at(f0.hip, along, -L.thigh - L.shin - 8), at(f0.neckBase, along, L.neck + L.head * 2 + 8)];
    const w = L.shoulders + 2;
    const c = [at(ends[0], across, -w), at(ends[1], across, -w), at(ends[1], across, w), at(ends[0], across, w)];
    out.push(<path d={seg(c) + " Z"} fill={PROP} opacity={0.35} />);
  } else if (s.bedTop !== null) {
    const x0 = s.minX - 6, x1 = s.maxX + 6;
    if (has("mat")) out.push(<rect x={x0} y={s.bedTop} width={x1 - x0} height={4} rx={2} fill={PROP} />);
    else {
      out.push(<rect x={x0} y={s.bedTop} width={x1 - x0} height={12} rx={4} fill={PROP} opacity={0.55} />);
      out.push(<line {...line([x0 + 8, s.bedTop + 12], [x0 + 8, s.floor])} stroke={PROP} stroke-width={4} />);
      out.push(<line {...line([x1 - 8, s.bedTop + 12], [x1 - 8, s.floor])} stroke={PROP} stroke-width={4} />);
    }
  }
  if (has("chair") && !lying(d.view, f0)) {
    const y = f0.hip[1] + (f0.frontal ? 8 : 10);
    if (f0.frontal) {
      out.push(<rect x={f0.hip[0] - 30} y={y} width={60} height={6} rx={2} fill={PROP} />);
      out.push(<path d={`M${f0.hip[0] - 26} ${y + 6} V${s.floor} M${f0.hip[0] + 26} ${y + 6} V${s.floor}`} stroke={PROP} stroke-width={4} />);
    } else {
      const x = f0.hip[0] - 14;
      out.push(<rect x={x} y={y} width={44} height={6} rx={2} fill={PROP} />);
      out.push(<path d={`M${x + 2} ${y - 50} V${s.floor} M${x + 40} ${y + 6} V${s.floor}`} stroke={PROP} stroke-width={4} />);
    }
  }
  if (has("desk")) out.push(<rect x={s.maxX + 4} y={f0.hip[1] - 8} width={40} height={5} fill={PROP} />);
  if (has("wall")) out.push(<line {...line([s.maxX + 30, s.floor], [s.maxX + 30, s.floor - 190])} stroke={PROP} stroke-width={4} />);
  if (has("pillow")) {
    const c = f0.head, bottom = s.bedTop ?? c[1] + L.head + 6;
    const gap = Math.max(5, bottom - (c[1] + L.head * 0.4));
    out.push(<ellipse cx={c[0]} cy={bottom - gap / 2} rx={L.head * 1.7} ry={gap / 2 + 1} fill={PROP} opacity={0.8} />);
  }
  if (has("towel") && d.view === "above") {
    out.push(<rect x={f.head[0] - 13} y={f.head[1] - 11} width={26} height={22} rx={3} fill={PROP} opacity={0.85} />);
  } else if (has("towel") && !f0.frontal === false && !lying(d.view, f0)) {
    // Across the top of the back of the neck, an end in each hand.
    const [l, r] = f.arms;
    out.push(<path d={seg([r.end, at(f.neckTop, dir(f.headAngle), -2), l.end])} fill="none" stroke={ACCENT} stroke-width={5} stroke-linejoin="round" opacity={0.85} />);
  }
  if (has("cuff") && s.bedTop !== null) {
    const mid: Pt = [(f0.neckBase[0] + f0.neckTop[0]) / 2, (f0.neckBase[1] + f0.neckTop[1]) / 2];
    out.push(<rect x={mid[0] - 9} y={mid[1] + 2} width={18} height={Math.max(4, s.bedTop - mid[1] - 2)} rx={2} fill={ACCENT} opacity={0.8} />);
  }
  return <g>{out}</g>;
}

/** In front of the figure: band, weight, card, towel roll, the cuff's dial. */
function Front(props: { d: Drawn; f: Figure; s: Scene; f0: Figure }) {
  const { d, f, s, f0 } = props;
  const has = (p: string) => d.props.includes(p);
  const out = [];
  if (has("band")) {
    const anchor: Pt = [f0.arms[0].end[0] + 40, f0.arms[0].end[1]];
    out.push(<rect x={anchor[0]} y={s.floor - 180} width={8} height={180} fill={PROP} opacity={0.6} />);
    out.push(<path d={seg([f.arms[1].end, anchor, f.arms[0].end])} fill="none" stroke={BAND} stroke-width={3} />);
  }
  if (has("weight")) {
    const h = f.arms[0].end;
    out.push(<g><rect x={h[0] - 9} y={h[1] - 2} width={18} height={4} fill={PROP} /><rect x={h[0] - 11} y={h[1] - 6} width={5} height={12} rx={1} fill={PROP} /><rect x={h[0] + 6} y={h[1] - 6} width={5} height={12} rx={1} fill={PROP} /></g>);
  }
  if (has("card")) {
    const h = f.arms[0].end;
    out.push(<g><rect x={h[0] + 2} y={h[1] - 16} width={4} height={24} fill="#fff" stroke={PROP} stroke-width={1.5} />
      <line {...line(at(f.head, dir(f.headAngle + 55), L.head * 0.6), [h[0] + 2, h[1] - 4])} stroke={ACCENT} stroke-width={1} stroke-dasharray="3 3" /></g>);
  }
  if (has("towel") && s.bedTop !== null && !f0.frontal) {
    const c = f0.head; // folded under the forehead, face down
    out.push(<rect x={c[0] - 4} y={s.bedTop - 6} width={22} height={6} rx={2} fill={PROP} stroke="currentColor" stroke-width={0.8} />);
  }
  if (has("towel") && f0.frontal && lying(d.view, f0)) {
    const e = f.arms[1].mid, toward = dir(f.trunk + 90);
    out.push(<circle cx={e[0] + toward[0] * 5} cy={e[1] + toward[1] * 5} r={4.5} fill={PROP} stroke="currentColor" stroke-width={0.8} />);
  }
  if (has("cuff") && s.bedTop !== null) {
    // The dial reads 20 mmHg at rest and rises with the nod to the target.
    const value = 20 + 2 * Math.max(0, Math.min(1, f.nod / 14));
    const c: Pt = [f0.head[0] - L.head * 2.3, s.bedTop - 13];
    const needle = at(c, dir(-135 + (value / 40) * 270), 8);
    out.push(<g><line {...line([f0.neckTop[0], s.bedTop - 2], [c[0] + 6, c[1] + 9])} stroke={PROP} stroke-width={1.5} />
      <circle cx={c[0]} cy={c[1]} r={10} fill="#fff" stroke={PROP} stroke-width={2} />
      <line {...line(c, needle)} stroke={ACCENT} stroke-width={2} stroke-linecap="round" />
      <text x={c[0]} y={c[1] - 13} font-size={7} text-anchor="middle" fill="currentColor">{Math.round(value)} mmHg</text></g>);
  }
  return <g>{out}</g>;
}

/** The moving point and its pivot for the arrow's joint. */
function moving(f: Figure, joint: string): [Pt, Pt] {
  const r = joint.endsWith("_r") ? 1 : 0;
  const base = joint.replace(/_r$/, "");
  if (base === "head" && f.frontal) {
    const s = Math.sin((f.turn * Math.PI) / 180), n = Math.sin((f.nod * Math.PI) / 180);
    return [at(at(f.head, dir(f.headAngle + 90), s * 0.75 * L.head), dir(f.headAngle), (-0.15 - n * 0.7) * L.head), f.head];
  }
  if (base === "head") return [at(f.head, dir(f.headAngle + 128), L.head * 1.16), f.head];
  if (base === "neck") return [f.head, f.neckBase];
  if (base === "scapula") return [f.arms[r].root, f.neckBase];
  if (base === "shoulder") return [f.arms[r].mid, f.arms[r].root];
  if (base === "elbow") return [f.arms[r].end, f.arms[r].mid];
  if (base === "hip") return [f.legs[r].mid, f.legs[r].root];
  return [f.legs[r].end, f.legs[r].mid];
}

function head(tip: Pt, from: Pt): string {
  const a = Math.atan2(tip[1] - from[1], tip[0] - from[0]);
  const p = (da: number): Pt => [tip[0] - 7 * Math.cos(a + da), tip[1] - 7 * Math.sin(a + da)];
  return seg([p(0.45), tip, p(-0.45)]);
}

/** An arrow from the first pose to the second: an arc around the joint (widened when the
 * movement is small, such as the chin nod), or a curve when the limb comes toward you. */
function Arrow(props: { d: Drawn; f0: Figure; f1: Figure }) {
  const { d, f0, f1 } = props;
  const a = d.arrow!;
  const both = a.both_ways ?? false;
  if (a.joint === "head_turn") {
    const c = f0.head, r = L.head * 1.6, y = c[1] - L.head * 0.2;
    const left: Pt = [c[0] - r, y], right: Pt = [c[0] + r, y];
    const path = `M${left[0]} ${y} A${r} ${r * 0.45} 0 0 0 ${right[0]} ${y}`;
    return <g fill="none" stroke={ACCENT} stroke-width={2.2} stroke-linecap="round">
      <path d={path} /><path d={head(right, [right[0] - 4, y + 3])} />{both && <path d={head(left, [left[0] + 4, y + 3])} />}</g>;
  }
  const [p0, c] = moving(f0, a.joint), [p1] = moving(f1, a.joint);
  if (a.joint.startsWith("scapula")) {
    const dx = p1[0] - p0[0], dy = p1[1] - p0[1], n = Math.hypot(dx, dy) || 1;
    const from: Pt = at(p0, [0, -1], 14), to: Pt = at(from, [dx / n, dy / n], Math.max(14, n * 2));
    return <g fill="none" stroke={ACCENT} stroke-width={2.2} stroke-linecap="round"><path d={seg([from, to])} /><path d={head(to, from)} /></g>;
  }
  const r0 = Math.hypot(p0[0] - c[0], p0[1] - c[1]), r1 = Math.hypot(p1[0] - c[0], p1[1] - c[1]);
  const grow = a.joint === "head" ? 1.9 : 1.22;
  if (r0 > 4 && r1 > 4 && r1 / r0 > 0.6 && r1 / r0 < 1.6) {
    const R = Math.max(r0, r1) * grow;
    let t0 = Math.atan2(p0[1] - c[1], p0[0] - c[0]), t1 = Math.atan2(p1[1] - c[1], p1[0] - c[0]);
    let span = t1 - t0;
    while (span > Math.PI) span -= 2 * Math.PI;
    while (span < -Math.PI) span += 2 * Math.PI;
    const min = 0.6;
    if (Math.abs(span) < min) { const mid = t0 + span / 2, sgn = span < 0 ? -1 : 1; t0 = mid - sgn * min / 2; t1 = mid + sgn * min / 2; span = t1 - t0; }
    const q = (t: number): Pt => [c[0] + R * Math.cos(t), c[1] + R * Math.sin(t)];
    const steps = 16, pts = Array.from({ length: steps + 1 }, (_, i) => q(t0 + (span * i) / steps));
    return <g fill="none" stroke={ACCENT} stroke-width={2.2} stroke-linecap="round">
      <path d={seg(pts)} /><path d={head(pts[steps], pts[steps - 2])} />{both && <path d={head(pts[0], pts[2])} />}</g>;
  }
  const mid: Pt = [(p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2];
  const out = [mid[0] - c[0], mid[1] - c[1]], n = Math.hypot(out[0], out[1]) || 1;
  const ctrl: Pt = [mid[0] + (out[0] / n) * 12, mid[1] + (out[1] / n) * 12];
  const e0 = at(p0, [out[0] / n, out[1] / n], 6), e1 = at(p1, [out[0] / n, out[1] / n], 6);
  return <g fill="none" stroke={ACCENT} stroke-width={2.2} stroke-linecap="round">
    <path d={`M${e0[0]} ${e0[1]} Q${ctrl[0]} ${ctrl[1]} ${e1[0]} ${e1[1]}`} /><path d={head(e1, ctrl)} />{both && <path d={head(e0, ctrl)} />}</g>;
}

/** The pose the arrow points to: where its joint has moved furthest from the first pose. */
function arrowPose(d: Drawn, full: Joints[]): number {
  if (!d.arrow || full.length < 2 || d.arrow.joint === "head_turn") return Math.min(1, full.length - 1);
  const p0 = moving(figure(d.view, full[0]), d.arrow.joint)[0];
  let best = 1, far = -1;
  full.forEach((j, i) => {
    const p = moving(figure(d.view, j), d.arrow!.joint)[0];
    const dist = Math.hypot(p[0] - p0[0], p[1] - p0[1]);
    if (i > 0 && dist > far) { far = dist; best = i; }
  });
  return best;
}

/** The face's line at rest (dashed) and now (solid), so a nod of a few degrees shows. */
function NodGuide(props: { f0: Figure; f: Figure }) {
  const { f0, f } = props;
  const face = (g: Figure) => (g.frontal ? g.headAngle : g.headAngle + 90);
  const a = at(f.head, dir(face(f0)), L.head * 2.1), b = at(f.head, dir(face(f)), L.head * 2.1);
  return (
    <g stroke={ACCENT} stroke-linecap="round" fill="none">
      <line {...line(f.head, a)} stroke-width={1.2} stroke-dasharray="2.5 2.5" opacity={0.8} />
      <line {...line(f.head, b)} stroke-width={1.6} />
    </g>
  );
}

function viewBox(d: Drawn, full: Joints[], s: Scene): string {
  const figs = full.map((j) => figure(d.view, j));
  const focus = d.focus ?? "whole";
  let pts: Pt[] = focus === "whole" ? figs.flatMap(points) : figs.flatMap((f) => focusPoints(f, focus));
  if (focus === "whole") pts = [...pts, [s.minX, s.floor + 4], [s.maxX, s.floor + 4]];
  if (d.props.includes("band") && focus === "whole") pts.push([figs[0].arms[0].end[0] + 52, s.floor - 180]);
  if (d.props.includes("cuff") && s.bedTop !== null) pts.push([figs[0].head[0] - L.head * 3.6, s.bedTop - 30], [figs[0].head[0], s.bedTop + 4]);
  if (d.arrow?.joint === "head_turn") pts.push([figs[0].head[0], figs[0].head[1] - L.head * 2]);
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const pad = focus === "head" ? 4 : 10;
  let x0 = Math.min(...xs) - pad, x1 = Math.max(...xs) + pad, y0 = Math.min(...ys) - pad, y1 = Math.max(...ys) + pad;
  // Never narrower than 3:4, so a standing figure does not fill a phone's screen.
  const w = x1 - x0, h = y1 - y0;
  if (w < h * 0.75) { const e = (h * 0.75 - w) / 2; x0 -= e; x1 += e; }
  return `${x0.toFixed(0)} ${y0.toFixed(0)} ${(x1 - x0).toFixed(0)} ${(y1 - y0).toFixed(0)}`;
}

function Picture(props: { d: Drawn; full: Joints[]; joints: Joints; box: string; s: Scene; arrow: boolean }) {
  const { d, full } = props;
  const f0 = figure(d.view, full[0]);
  const f = figure(d.view, props.joints);
  const f1 = figure(d.view, full[arrowPose(d, full)]);
  return (
    <svg viewBox={props.box} class="demo-svg" aria-hidden="true" focusable="false" data-figure="">
      <Behind d={d} f={f} s={props.s} f0={f0} />
      <Body f={f} view={d.view} />
      <Front d={d} f={f} s={props.s} f0={f0} />
      {d.arrow?.joint === "head" && !f.frontal && <NodGuide f0={f0} f={f} />}
      {props.arrow && d.arrow && full.length > 1 && <Arrow d={d} f0={f0} f1={f1} />}
    </svg>
  );
}

/** Moving from pose `a` into pose `b` over b's move time, then held. */
function stepJoints(d: Drawn, full: Joints[], a: number, b: number, t: number): { joints: Joints; pose: number } {
  const move = d.poses[b].move_seconds;
  const x = move > 0 ? Math.min(1, t / move) : 1, e = x * x * (3 - 2 * x);
  const joints: Joints = {};
  for (const k of Object.keys(full[b])) joints[k] = full[a][k] + (full[b][k] - full[a][k]) * e;
  return { joints, pose: b };
}

const reducedMotion = () => typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;

function useReducedMotion(): boolean {
  const [reduce, setReduce] = useState(reducedMotion);
  useEffect(() => {
    if (typeof matchMedia !== "function") return;
    const q = matchMedia("(prefers-reduced-motion: reduce)");
    const on = () => setReduce(q.matches);
    q.addEventListener?.("change", on);
    return () => q.removeEventListener?.("change", on);
  }, []);
  return reduce;
}

/** One exercise's demonstration. `dose` gives the hold and rest times ("hold"/"rest");
 * `compact` is the smaller drawing of the guided session, next to the timer. */
export default function Demonstration(props: { demonstration: Drawn; dose?: Dose; compact?: boolean; phase?: "hold" | "rest" }) {
  const d = props.demonstration, dose = props.dose ?? {};
  const full = useMemo(() => fullPoses(d.poses), [d]);
  const s = useMemo(() => scene(d, figure(d.view, full[0])), [d, full]);
  const box = useMemo(() => viewBox(d, full, s), [d, full, s]);
  const reduce = useReducedMotion();
  const [paused, setPaused] = useState(false);
  const [t, setT] = useState(0);
  // In the guided session the step leads: during a hold the figure moves into the held pose
  // and stays there as long as the timer runs; during a rest it goes back to the rest pose.
  const target = props.phase ? Math.max(0, d.poses.findIndex((p) => p.hold === props.phase)) : -1;
  const [from, setFrom] = useState(target);
  useEffect(() => {
    if (target < 0) return;
    setT(0);
    return () => setFrom(target);
  }, [target]);
  useEffect(() => {
    if (reduce || paused || full.length < 2) return;
    // A new step starts its move from the beginning; the loop resumes where it was frozen.
    let frame = 0; const start = performance.now() - (target >= 0 ? 0 : t * 1000);
    const tick = (now: number) => { setT((now - start) / 1000); frame = requestAnimationFrame(tick); };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [reduce, paused, full, target]);

  if (reduce || full.length < 2) {
    return (
      <div class={props.compact ? "demo compact" : "demo"} data-demo="stills">
        <div class="demo-stills" role="img" aria-label={d.text}>
          {full.map((j, i) => (
            <figure class="demo-still" key={i}>
              <Picture d={d} full={full} joints={j} box={box} s={s} arrow={i === 0} />
              <figcaption aria-hidden="true">{i + 1}. {d.poses[i].name} ({m.demoHoldFor(holdSeconds(d.poses[i].hold, dose))})</figcaption>
            </figure>
          ))}
        </div>
      </div>
    );
  }
  const now = target >= 0 ? stepJoints(d, full, from < 0 ? target : from, target, t) : jointsAt(d, full, dose, t);
  return (
    <div class={props.compact ? "demo compact" : "demo"} data-demo="animated">
      <div role="img" aria-label={d.text} class="demo-frame">
        <Picture d={d} full={full} joints={now.joints} box={box} s={s} arrow />
        <p class="demo-caption" aria-hidden="true">{now.pose + 1}. {d.poses[now.pose].name}</p>
      </div>
      <button type="button" class={props.compact ? "btn ghost" : "btn ghost small"} onClick={() => setPaused(!paused)}>
        {paused ? m.demoPlay : m.demoPause}
      </button>
    </div>
  );
}

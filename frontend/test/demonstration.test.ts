import { describe, expect, it } from "vitest";
import { figure, fullPoses, jointsAt, timeline, type Drawn } from "../src/demonstration/figure";

const nod: Drawn = {
  view: "lying", focus: "head", props: ["cuff"], text: "A chin nod.",
  poses: [
    { name: "Face level", joints: { trunk: -90, hip: 45, knee: 90 }, move_seconds: 2, hold: "rest" },
    { name: "Nod, held", joints: { head: 14 }, move_seconds: 3, hold: "hold" },
  ],
};

describe("demonstration timing", () => {
  it("holds the nod as long as the dose's hold and rests as long as its rest", () => {
    const { phases, total } = timeline(nod, { hold_seconds: 10, rest_seconds: 10 });
    expect(phases.map((p) => [p.move, p.hold])).toEqual([[2, 10], [3, 10]]);
    expect(total).toBe(25);
    const full = fullPoses(nod.poses);
    // 12 s in: moved into the rest (2 s), rested 10 s, now starting the nod.
    expect(jointsAt(nod, full, { hold_seconds: 10, rest_seconds: 10 }, 12).joints.head).toBeCloseTo(0);
    // 16 s in: the nod is held (moved 12-15 s, held until 25 s).
    const held = jointsAt(nod, full, { hold_seconds: 10, rest_seconds: 10 }, 16);
    expect(held.pose).toBe(1);
    expect(held.joints.head).toBe(14);
    // Halfway into the nod the head is halfway there.
    expect(jointsAt(nod, full, { hold_seconds: 10, rest_seconds: 10 }, 13.5).joints.head).toBeCloseTo(7);
  });

  it("keeps the joints a pose does not list, and copies the left side to the right", () => {
    const full = fullPoses(nod.poses);
    expect(full[1].trunk).toBe(-90);
    expect(full[1].knee_r).toBe(90);
    expect(full[1].head_turn).toBe(0);
  });
});

describe("figure", () => {
  it("lies on its back face up, and the shoulder flexes the arm forward", () => {
    const lying = figure("lying", fullPoses(nod.poses)[0]);
    expect(lying.head[0]).toBeLessThan(lying.hip[0] - 50); // the head to the left, level with the hips
    expect(Math.abs(lying.head[1] - lying.hip[1])).toBeLessThan(2);
    const reach = figure("side", fullPoses([{ name: "reach", joints: { shoulder: 90 }, move_seconds: 1, hold: 1 }])[0]);
    const arm = reach.arms[0];
    expect(arm.end[0] - arm.root[0]).toBeGreaterThan(50); // straight out in front
    expect(Math.abs(arm.end[1] - arm.root[1])).toBeLessThan(1);
  });
});

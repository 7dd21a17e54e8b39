import { describe, expect, it } from "vitest";
import { hasTrend, trendLabel } from "../src/therapist/trend";

describe("the therapist list's adherence trend in words", () => {
  it("reads the weeks oldest first, names empty weeks and the week in progress", () => {
    expect(trendLabel([null, 100, 71, 0, 43, 67])).toBe(
      "Adherence by week, oldest first: nothing prescribed, 100%, 71%, 0%, 43%, this week so far 67%",
    );
  });
  it("says so when nothing is prescribed yet this week", () => {
    expect(trendLabel([80, null])).toBe("Adherence by week, oldest first: 80%, this week so far nothing prescribed");
  });
  it("draws no chart when no week has a figure", () => {
    expect(hasTrend([null, null])).toBe(false);
    expect(hasTrend([null, 0])).toBe(true);
    expect(hasTrend([])).toBe(false);
  });
});

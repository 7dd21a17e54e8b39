import { describe, expect, it } from "vitest";
import { addDays, mondayOf, mostOffered, weekAskedFor } from "../src/lib/weeks";

describe("weeks start on Monday", () => {
  it("finds the Monday of any day, across months, years and a DST change", () => {
    expect(mondayOf("2026-05-10")).toBe("2026-05-04"); // a Sunday
    expect(mondayOf("2026-05-04")).toBe("2026-05-04"); // a Monday is its own
    expect(mondayOf("2026-03-01")).toBe("2026-02-23");
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
    expect(mondayOf("2026-03-29")).toBe("2026-03-23"); // Europe springs forward that night
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
  });
});

describe("the week a check-in link asks about", () => {
  const sunday = "2026-05-10";
  it("is the linked Monday, so a Monday-morning tap answers for the week asked", () => {
    expect(weekAskedFor("?week=2026-05-04", "2026-05-11")).toBe("2026-05-04");
  });
  it("is this week without a link, or with one that is not a started week", () => {
    expect(weekAskedFor("", sunday)).toBe("2026-05-04");
    expect(weekAskedFor("?week=2026-05-05", sunday)).toBe("2026-05-04"); // not a Monday
    expect(weekAskedFor("?week=2026-05-11", sunday)).toBe("2026-05-04"); // not begun
    expect(weekAskedFor("?week=soon", sunday)).toBe("2026-05-04");
    expect(weekAskedFor("?week=2026-02-30", sunday)).toBe("2026-05-04");
  });
});

describe("the numbers offered", () => {
  it("go a little above the plan", () => {
    expect(mostOffered(14)).toBe(17);
    expect(mostOffered(3)).toBe(7); // never fewer than a week of days
    expect(mostOffered(null)).toBe(7); // offline with nothing known
  });
  it("always include the answer already given, within what the server accepts", () => {
    expect(mostOffered(5, 12)).toBe(12);
    expect(mostOffered(69)).toBe(70);
  });
});

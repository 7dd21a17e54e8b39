import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { match, patientRoutes, therapistRoutes } from "../src/routes";

describe("the route table", () => {
  it("sends a patient's addresses to their screens, with the tab they belong to", () => {
    expect(match(patientRoutes, "/headache").route.nav).toBe("/headache");
    const measure = match(patientRoutes, "/measures/hit6");
    expect([measure.route.nav, measure.params.instrument]).toEqual(["/progress", "hit6"]);
    expect(match(patientRoutes, "/checkin/weekly").route.path).toBe("/checkin/weekly");
    expect(match(patientRoutes, "/").route.nav).toBe("/today");
    // An unknown address shows Today without marking a tab.
    const other = match(patientRoutes, "/nowhere");
    expect([other.route, other.route.nav]).toEqual([patientRoutes.fallback, undefined]);
  });

  it("opens a patient's page by number only, and the clinic screen only for an administrator", () => {
    const page = match(therapistRoutes, "/therapist/patients/42");
    expect([page.route.path, page.params.id]).toEqual(["/therapist/patients/:id(\\d+)", "42"]);
    expect(match(therapistRoutes, "/therapist/patients/abc").route).toBe(therapistRoutes.fallback);
    expect(match(therapistRoutes, "/therapist/clinic").route).toBe(therapistRoutes.fallback);
    expect(match(therapistRoutes, "/therapist/clinic", { admin: true }).route.nav).toBe("/therapist/clinic");
    expect(match(therapistRoutes, "/therapist/alerts").route.nav).toBe("/therapist/alerts");
  });
});

// Issue 13 defects: on a stop-and-rest day "Start guided session" sat right under the
// notice as the main action; and Progress told the patient of a step back the engine only
// proposes (the therapist decides).
import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../src/lib/db";
import { Progress } from "../src/patient/Progress";
import { Today } from "../src/patient/Today";
import { newRoot, dropRoot, settle, patientAuth as auth } from "./screen";

const STOP = "You logged pain above your limit during exercise. Stop these exercises for today and rest.";
const today = (stopped: boolean) => ({
  date: "2026-05-04",
  items: [{ assignment: 3, item: 2, exercise: { slug: "chin-tuck", name: "Chin tuck", kind: "reps", instructions: "Slowly." },
            prescription: { sets: 1, reps: 5 }, due: 1, done: 0 }],
  notices: stopped ? [{ kind: "stop_and_rest", message: STOP, since: "2026-05-04T09:00:00+01:00" }] : [],
});
const phases = [{ index: 0, name: "Gentle start" }, { index: 1, name: "Building up" }];
const assignment = (progression: object) => ({
  id: 7, template: "neck", template_name: "Neck program", status: "active", current_phase: 1, current_phase_name: "Building up",
  phases, items: [], progression,
});
const REGRESS = { state: "regress_suggested", proposed_phase: 0, evaluated_at: "2026-05-04T10:00:00Z",
  reasons: ["Pain 7 during exercise on Mon 4 May, above the limit of 5: a red event.", "Step back to Phase 1: Gentle start.",
            "3 of 10 sessions in the last 14 days in Building up."] };

let answers: Record<string, unknown>;
let root: HTMLElement;
beforeEach(async () => {
  answers = {};
  vi.stubGlobal("fetch", vi.fn(async (url: string) => {
    const path = url.replace("/api/v1/", "").split("?")[0];
    const body = path in answers ? answers[path] : [];
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
  await (await db()).clear("kv");
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
});

const text = () => root.textContent ?? "";
const buttons = () => [...root.querySelectorAll("button")];
const primary = () => buttons().filter((b) => b.classList.contains("big") && !b.classList.contains("secondary") && !b.classList.contains("ghost"));
async function shown(screen: preact.JSX.Element) {
  await act(() => { render(screen, root); });
  await settle();
  await settle();
}

describe("a stop-and-rest day", () => {
  it("makes resting the main action, not starting the exercises", async () => {
    answers["me/today"] = today(true);
    await shown(<Today auth={auth} />);
    expect(text()).toContain(STOP);
    expect(primary().map((b) => b.textContent)).toEqual(["Rest today"]);
    const start = buttons().find((b) => b.textContent === "Start guided session");
    // Still there for a patient whose therapist says to carry on, but below the exercises.
    expect(start?.classList.contains("big")).toBe(false);
    const cards = root.querySelectorAll("article.card");
    expect(cards.length).toBe(1);
    expect(cards[0].compareDocumentPosition(start!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("leaves an ordinary day as it was: the session is the main action", async () => {
    answers["me/today"] = today(false);
    await shown(<Today auth={auth} />);
    expect(primary().map((b) => b.textContent)).toEqual(["Start guided session"]);
    // Issue 13: the weekly check-in is reachable from the app, not only from a notification.
    expect(root.querySelector("a[href='/checkin/weekly']")?.textContent).toBe("Your week: how many sessions did you manage?");
  });
});

describe("Progress and a proposed step back", () => {
  it("does not tell the patient a step back before the therapist confirms it", async () => {
    answers["me/adherence"] = { weeks: [], current_streak_days: 0, headache_days_last_28: 0, baseline_headache_days_28: null };
    answers["me/assignments"] = [assignment(REGRESS)];
    answers["me/outcomes"] = { verdict: "too_early", evidence_for: [] };
    await shown(<Progress auth={auth} />);
    expect(text()).toContain("Phase 2 of 2: Building up");
    expect(text()).not.toMatch(/step back|Gentle start|red event/i);
    expect(text()).toContain("Your therapist will look at your recent sessions");
    expect(root.querySelector("a[href='/checkin/weekly']")).not.toBeNull();
  });

  it("shows the phase a confirmed step back moved to", async () => {
    answers["me/adherence"] = { weeks: [], current_streak_days: 0, headache_days_last_28: 0, baseline_headache_days_28: null };
    answers["me/assignments"] = [{ ...assignment({ state: "on_track", proposed_phase: null, evaluated_at: null, reasons: ["1 of 10 sessions."] }),
                                   current_phase: 0, current_phase_name: "Gentle start" }];
    answers["me/outcomes"] = { verdict: "too_early", evidence_for: [] };
    await shown(<Progress auth={auth} />);
    expect(text()).toContain("Phase 1 of 2: Gentle start");
    expect(text()).toContain("1 of 10 sessions.");
  });
});

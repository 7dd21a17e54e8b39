// Issue 13 defect: a guided session was lost when the patient switched tab (Today unmounts)
// or tapped Stop (gone at once, nothing logged). It is kept on the phone, offered again on
// return, and Stop asks first, offering to log what was done.
import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../src/lib/db";
import { Today } from "../src/patient/Today";
import { newRoot, dropRoot, settle, patientAuth as auth } from "./screen";

const item = (n: number, slug: string, name: string, kind: string, prescription: object) => ({
  assignment: 3, item: n, exercise: { slug, name, kind, instructions: "Do it slowly." }, prescription, due: 1, done: 0,
});
const today = {
  date: "2026-05-04",
  items: [
    item(1, "posture-check", "Posture check", "checklist", {}),
    item(2, "chin-tuck", "Chin tuck", "reps", { sets: 1, reps: 5 }),
  ],
  notices: [],
};

let root: HTMLElement;
beforeEach(async () => {
  vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(today), { status: 200, headers: { "Content-Type": "application/json" } })));
  await (await db()).clear("kv");
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
});

const text = () => root.textContent ?? "";
const button = (name: string) => {
  const b = [...root.querySelectorAll("button")].find((x) => x.textContent === name);
  if (!b) throw new Error(`no button "${name}" in: ${text()}`);
  return b;
};
const tap = async (name: string) => { await act(() => { button(name).click(); }); await settle(); };
async function shown() {
  await act(() => { render(<Today auth={auth} />, root); });
  await settle(); // the plan
  await settle(); // then what is kept on the phone for its day
}
async function away() { // another tab of the app: Today is unmounted
  await act(() => { render(null, root); });
  await settle();
}

describe("a guided session under way", () => {
  it("is kept when the patient leaves Today, and resumes where it was", async () => {
    await shown();
    await tap("Start guided session");
    expect(text()).toContain("Step 1 of 2");
    await tap("Done"); // the checklist step
    expect(text()).toContain("Step 2 of 2");
    await away();
    await shown();
    expect(text()).toContain("You have a guided session under way: step 2 of 2, Chin tuck.");
    // Resuming is the main action: no second session starts over it.
    expect([...root.querySelectorAll("button")].some((b) => b.textContent === "Start guided session")).toBe(false);
    await tap("Resume session");
    expect(text()).toContain("Step 2 of 2");
    expect(root.querySelector("h2")?.textContent).toBe("Chin tuck");
    // What was done before leaving still counts: finishing now logs the checklist.
    await tap("Finish");
    expect(root.querySelector("h1")?.textContent).toBe("How did it go?");
    expect(text()).toContain("Posture check");
  });

  it("asks before Stop discards it, and offers to log what was done", async () => {
    await shown();
    await tap("Start guided session");
    await tap("Done");
    await tap("Stop session");
    expect(text()).toContain("Stop the session?");
    expect(text()).toContain("Step 2 of 2"); // still in the session
    await tap("Keep going");
    expect(text()).toContain("Step 2 of 2");
    await tap("Stop session");
    await tap("Log what I did");
    expect(root.querySelector("h1")?.textContent).toBe("How did it go?");
    expect(text()).toContain("Posture check");
    expect(text()).not.toContain("Chin tuck");
  });

  it("is forgotten only when the patient says so", async () => {
    await shown();
    await tap("Start guided session");
    await tap("Stop session");
    expect(text()).toContain("Nothing is logged yet.");
    await tap("Stop without logging");
    expect(root.querySelector("h1")?.textContent).toBe("Today");
    await away();
    await shown();
    expect(text()).not.toContain("under way");
    expect(button("Start guided session")).toBeTruthy();
  });

  it("a kept session can be discarded from Today, after a confirmation", async () => {
    await shown();
    await tap("Start guided session");
    await tap("Done");
    await away();
    await shown();
    await tap("Discard it");
    expect(text()).toContain("Discard this session? What you did in it will not be logged.");
    await tap("Keep it");
    expect(text()).toContain("under way");
    await tap("Discard it");
    await tap("Discard");
    expect(text()).not.toContain("under way");
    await away();
    await shown();
    expect(text()).not.toContain("under way");
  });
});

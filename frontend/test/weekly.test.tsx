import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { outbox } from "../src/lib/api";
import { db } from "../src/lib/db";
import { WeeklyCheckin } from "../src/patient/WeeklyCheckin";
import { newRoot, dropRoot, settle, patientAuth as auth } from "./screen";

let calls: { method: string; url: string; body: unknown }[];
let root: HTMLElement;
const weeks = [
  { week_start: "2026-05-04", sessions_planned: 14, sessions_done: null, sessions_logged: 5, updated_at: null },
  { week_start: "2026-04-27", sessions_planned: 12, sessions_done: 9, sessions_logged: 0, updated_at: "2026-05-03T18:00:00Z" },
];

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-05-10T17:30:00Z")); // Sunday evening in London
  calls = [];
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method: init.method ?? "GET", url, body });
    const answer = init.method === "PUT" ? { week_start: "2026-05-04", sessions_done: body.sessions_done } : weeks;
    return new Response(JSON.stringify(answer), { status: init.method === "PUT" ? 201 : 200, headers: { "Content-Type": "application/json" } });
  }));
  await (await db()).clear("outbox"); // one test's offline answer must not reach the next
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.useRealTimers();
  Object.defineProperty(navigator, "onLine", { value: true, configurable: true });
});

const text = () => root.textContent ?? "";
const chips = () => [...root.querySelectorAll<HTMLInputElement>("input[name=sessions]")];

async function shown(search = "") {
  history.replaceState(null, "", `/checkin/weekly${search}`);
  await act(() => { render(<WeeklyCheckin auth={auth} />, root); });
  await settle();
}

async function choose(n: number) {
  await act(() => { chips()[n].click(); });
  await act(() => { root.querySelector<HTMLButtonElement>("button[type=submit]")!.click(); });
  await settle();
}

describe("the weekly check-in", () => {
  it("shows the plan as context and offers a little more than planned", async () => {
    await shown();
    expect(calls[0].url).toBe("/api/v1/me/weekly-checkins?weeks=2");
    expect(text()).toMatch(/Week of (4 May|May 4)/); // the locale decides the order
    expect(text()).toContain("Your plan had 14 sessions this week.");
    expect(text()).toContain("Every session counts.");
    // Issue 13: what the app already knows, so the answer is about the rest.
    expect(text()).toContain("You logged 5 sessions this week. Add any you did without logging.");
    expect(chips().map((c) => c.value)).toEqual(Array.from({ length: 18 }, (_, i) => String(i)));
  });

  it("saves in two taps through the outbox and says thank you", async () => {
    await shown();
    await choose(3);
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put).toEqual({ method: "PUT", url: "/api/v1/weekly-checkins/2026-05-04", body: { sessions_done: 3 } });
    expect(await outbox.pending()).toEqual([]);
    expect(text()).toContain("Thank you. 3 sessions noted");
    expect(root.querySelector("a[href='/today']")?.textContent).toBe("Back to Today");
  });

  it("keeps the answer on the phone while offline", async () => {
    Object.defineProperty(navigator, "onLine", { value: false, configurable: true });
    await shown();
    await choose(0);
    expect(calls.filter((c) => c.method === "PUT")).toEqual([]);
    const [waiting] = await outbox.pending();
    expect([waiting.kind, waiting.method, waiting.path, waiting.body]).toEqual(
      ["weekly-checkin", "PUT", "weekly-checkins/2026-05-04", { sessions_done: 0 }]);
    expect(text()).toContain("It will sync when you are back online.");
  });

  it("answers for the week the link names, showing what was said before", async () => {
    await shown("?week=2026-04-27");
    expect(text()).toMatch(/Week of (27 Apr|Apr 27)/);
    expect(text()).toContain("Your plan had 12 sessions that week.");
    expect(text()).toContain("You told us 9. You can change it.");
    expect(text()).toContain("No sessions are logged in the app for that week.");
    expect(chips().find((c) => c.checked)?.value).toBe("9");
    expect(text()).toContain("Answer for this week instead");
  });
});

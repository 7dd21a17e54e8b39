import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../src/lib/db";
import { RecentNotifications, whenText } from "../src/patient/RecentNotifications";
import { newRoot, dropRoot, settle, patientAuth as auth } from "./screen";

const NOW = new Date("2026-05-04T12:00:00Z"); // 13:00 in London
const rows = [
  { id: 2, kind: "exercise_reminder", title: "Time for your exercises", body: "2 exercises left for today.", url: "/today",
    due_at: "2026-05-04T11:50:00Z", sent_at: "2026-05-04T11:50:00Z", snoozable: true },
  { id: 1, kind: "missed_days_nudge", title: "We miss you", body: "A short session still counts.", url: "/today",
    due_at: "2026-05-02T08:00:00Z", sent_at: "2026-05-02T08:00:01Z", snoozable: true },
];

let calls: { method: string; url: string; body: unknown }[];
let online: boolean;
let root: HTMLElement;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  calls = [];
  online = true;
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    if (!online) throw new TypeError("Failed to fetch");
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method: init.method ?? "GET", url, body });
    const answer = init.method === "POST" ? { id: 3, kind: "exercise_reminder", due_at: "2026-05-04T12:30:00Z" }
      : { count: rows.length, results: rows };
    return new Response(JSON.stringify(answer), { status: init.method === "POST" ? 201 : 200, headers: { "Content-Type": "application/json" } });
  }));
  await (await db()).clear("kv");
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
  vi.useRealTimers();
});

const text = () => root.textContent ?? "";
const buttons = () => [...root.querySelectorAll("button")];

async function shown() {
  await act(() => { render(<RecentNotifications auth={auth} />, root); });
  await settle();
}

describe("recent notifications", () => {
  it("lists what was said, when, and where it leads", async () => {
    await shown();
    expect(calls[0].url).toBe("/api/v1/me/notifications?limit=10&offset=0");
    expect(root.querySelector("h2")!.textContent).toBe("Recent notifications");
    const items = root.querySelectorAll("li");
    expect(items).toHaveLength(2);
    expect(items[0].querySelector("h3 a")!.getAttribute("href")).toBe("/today");
    expect(items[0].textContent).toContain("2 exercises left for today.");
    expect(items[0].textContent).toContain("10 min ago");
  });

  it("offers a snooze on today's prompt only, and confirms it with the time", async () => {
    await shown();
    expect(buttons()).toHaveLength(1); // the nudge from two days ago is not snoozable now
    expect(buttons()[0].textContent).toBe("Snooze 30 min");
    await act(() => { buttons()[0].click(); });
    await settle();
    expect(calls[1]).toEqual({ method: "POST", url: "/api/v1/notifications/2/snooze", body: { minutes: 30 } });
    expect(text()).toMatch(/Snoozed\. We will remind you again at (13:30|01:30 PM)\./);
    expect(buttons()).toHaveLength(0);
  });

  it("offline, shows the last list loaded, and nothing at all without one", async () => {
    online = false;
    await shown();
    expect(root.innerHTML).toBe(""); // no error wall
    render(null, root);
    online = true;
    await shown(); // loaded once: kept on the phone
    render(null, root);
    online = false;
    await shown();
    expect(root.querySelectorAll("li")).toHaveLength(2);
    expect(text()).not.toContain("Could not load");
  });

  it("says how long ago in short words, then a date", () => {
    expect(whenText("2026-05-04T11:59:40Z", NOW)).toBe("just now");
    expect(whenText("2026-05-04T09:00:00Z", NOW)).toBe("3 h ago");
    expect(whenText("2026-05-02T08:00:00Z", NOW, "Europe/London")).toMatch(/2 May|May 2/);
  });
});

import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../src/lib/db";
import { Reminders } from "../src/patient/Reminders";
import { newRoot, dropRoot, settle, patientAuth as auth } from "./screen";

// Issue 13 defect: the screen showed quiet hours 21:00-08:00 while the API held none.
const stored = { enabled: true, times: ["21:30"], weekdays: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], timezone: "Europe/London",
  quiet_hours: null as { start: string; end: string } | null, channels: ["push"], next_due_at: "2026-05-04T20:30:00Z" };

let puts: unknown[];
let root: HTMLElement;

beforeEach(async () => {
  puts = [];
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    if (init.method === "PUT") puts.push(body);
    const answer = url.includes("notifications") ? { count: 0, results: [] } : (body ?? stored);
    return new Response(JSON.stringify(answer), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
  await (await db()).clear("kv");
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
});


describe("quiet hours on the Reminders screen", () => {
  it("shows none when none are stored, and saves none", async () => {
    await act(() => { render(<Reminders auth={auth} />, root); });
    await settle();
    const times = [...root.querySelectorAll<HTMLInputElement>('input[type="time"]')].map((i) => i.value);
    expect(times).toEqual(["21:30"]); // the reminder time only: no 21:00-08:00 shown
    expect(root.querySelector<HTMLInputElement>('[data-testid="quiet-on"]')!.checked).toBe(false);
    expect(root.querySelector('[data-testid="no-quiet-hours"]')!.textContent).toContain("No quiet hours");
    await act(() => { root.querySelector<HTMLFormElement>("form")!.requestSubmit(); });
    await settle();
    expect((puts[0] as { quiet_hours: unknown }).quiet_hours).toBeNull();
  });

  it("turning them on shows and saves the hours chosen", async () => {
    await act(() => { render(<Reminders auth={auth} />, root); });
    await settle();
    const box = root.querySelector<HTMLInputElement>('[data-testid="quiet-on"]')!;
    await act(() => { box.checked = true; box.dispatchEvent(new Event("change", { bubbles: true })); });
    const times = [...root.querySelectorAll<HTMLInputElement>('input[type="time"]')].map((i) => i.value);
    expect(times).toEqual(["21:30", "21:00", "08:00"]);
    await act(() => { root.querySelector<HTMLFormElement>("form")!.requestSubmit(); });
    await settle();
    expect((puts[0] as { quiet_hours: unknown }).quiet_hours).toEqual({ start: "21:00", end: "08:00" });
  });
});

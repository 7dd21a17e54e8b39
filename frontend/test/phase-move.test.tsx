import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Assignments } from "../src/therapist/Assignments";
import { newRoot, dropRoot, settle } from "./screen";

// A program in its first phase, the engine proposing the second.
const phases = [{ index: 0, name: "Stage 1" }, { index: 1, name: "Stage 2" }, { index: 2, name: "Stage 3" }];
const assignment = (current: number) => ({
  id: 7, template: "cuff", template_name: "Cuff", status: "active", current_phase: current,
  current_phase_name: phases[current].name, phases, items: [],
  progression: { state: "ready_to_advance", reasons: ["Ready."], proposed_phase: 1, evaluated_at: null },
});

let calls: { method: string; url: string; body: unknown }[];
let phaseOnServer: number;
let root: HTMLElement;
const MOVED = "This program is now in “Stage 2” (phase 2 of 3), not the phase you saw: someone changed it meanwhile. Reload to see the change, then decide again.";

beforeEach(() => {
  calls = [];
  phaseOnServer = 0;
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    const method = init.method ?? "GET";
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url, body });
    const json = (status: number, data: unknown) =>
      new Response(JSON.stringify(data), { status, headers: { "Content-Type": "application/json" } });
    if (url.endsWith("/advance")) {
      // A colleague confirmed first: the server answers 409, and the phase has moved.
      phaseOnServer = 1;
      return json(409, { code: "phase_moved", detail: MOVED, fields: { from_phase: ["Now phase 2 of 3."] } });
    }
    if (url.endsWith("/assignments/7/history")) return json(200, []);
    if (url.endsWith("/assignments/7")) return json(200, { ...assignment(phaseOnServer), start_date: "2026-11-02", end_date: null, pauses: [], phase_timeline: [["2026-11-02", 0]], phases: phases.map((p) => ({ ...p, items: [] })) });
    if (url.includes("/assignments")) return json(200, [assignment(phaseOnServer)]);
    return json(200, []);
  }));
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
});


describe("confirming a phase change", () => {
  it("sends the phase the therapist saw, and on 409 says why and shows the program as it is now", async () => {
    await act(() => { render(<Assignments id={3} onChange={() => undefined} />, root); });
    await settle();
    const confirm = [...root.querySelectorAll("button")].find((b) => b.textContent === "Confirm: move to Stage 2")!;
    await act(() => { confirm.click(); });
    await settle();
    expect(calls.find((c) => c.method === "POST")).toEqual({
      method: "POST", url: "/api/v1/assignments/7/advance", body: { from_phase: 0, to_phase: 1 } });
    expect(root.querySelector("[role=alert]")!.textContent).toBe(MOVED);
    await settle(); // the reload after the 409
    expect(root.textContent).toContain("Phase 2 of 3: Stage 2");
    expect(root.querySelector("[role=alert]")!.textContent).toBe(MOVED);
  });
});

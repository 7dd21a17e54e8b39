// Issue 10: gaze stabilisation progresses on the dizziness it provokes, and the server takes
// that rating on the exercise's own entry; the PWA never asked for it. It asks now (nothing
// pre-chosen), and the rating reaches the API on that entry only.
import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../src/lib/db";
import { EndOfSession } from "../src/patient/LogSession";
import type { Performed } from "../src/patient/plan";

const dose = { sets: null, reps: null, hold_seconds: null, duration_minutes: 2, rpe: null };
// The server says which exercise asks (its YAML's rates_dizziness), not the app by name.
const entry = (slug: string, name: string, rates_dizziness = false): Performed => ({
  item: { assignment: 4, item: 1, exercise: { slug, name, kind: "timed", instructions: "", rates_dizziness }, prescription: { duration_minutes: 2 }, due: 1, done: 0 },
  dose,
});
const done = [entry("gaze-stabilisation-vor-x1", "Gaze stabilisation (VOR x1)", true), entry("relaxation-breathing", "Slow breathing")];

let posts: { url: string; body: any }[];
let root: HTMLElement;
beforeEach(async () => {
  posts = [];
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    if (init.method === "POST") posts.push({ url, body });
    return new Response(JSON.stringify({ id: 1, performed_at: body?.performed_at }), { status: 201, headers: { "Content-Type": "application/json" } });
  }));
  await (await db()).clear("outbox");
  Element.prototype.scrollIntoView = vi.fn();
  root = document.createElement("div");
  document.body.append(root);
});
afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });
const settle = () => act(async () => { for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0)); });
const group = (label: string) => [...root.querySelectorAll("fieldset")].find((f) => f.querySelector("legend")?.textContent === label);
const choose = async (label: string, value: string) => {
  const input = [...group(label)!.querySelectorAll<HTMLInputElement>("input")].find((i) => i.value === value || i.parentElement?.textContent === value)!;
  await act(() => { input.click(); });
};
const submit = async () => { await act(() => { root.querySelector<HTMLButtonElement>("button[type=submit]")!.click(); }); await settle(); };

describe("the dizziness rating of gaze stabilisation", () => {
  it("is asked, required, and sent on the gaze exercise's entry", async () => {
    await act(() => { render(<EndOfSession done={done} onSaved={() => undefined} onCancel={() => undefined} />, root); });
    const label = "Dizziness during Gaze stabilisation (VOR x1) (0 none – 10 worst)";
    expect(group(label)).toBeTruthy();
    expect(group(label)!.querySelector("input:checked")).toBeNull(); // nothing pre-chosen
    expect(group("Dizziness during Slow breathing (0 none – 10 worst)")).toBeUndefined();
    await choose("Pain during the exercises (0 none – 10 worst)", "1");
    await choose("Neck soreness now (0 none – 10 worst)", "2");
    await choose("Did this bring on a headache?", "No");
    await submit();
    expect(posts).toEqual([]); // the dizziness question is not answered yet
    expect((document.activeElement as HTMLInputElement).name).toBe("dizziness-gaze-stabilisation-vor-x1");
    await choose(label, "3");
    await submit();
    expect(posts.length).toBe(1);
    expect(posts[0].url).toBe("/api/v1/session-logs");
    const entries = posts[0].body.entries;
    expect(entries.find((e: any) => e.exercise === "gaze-stabilisation-vor-x1").dizziness).toBe(3);
    expect("dizziness" in entries.find((e: any) => e.exercise === "relaxation-breathing")).toBe(false);
  });
});

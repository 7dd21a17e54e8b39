// Issue 13 defect: on a long questionnaire (NDI, ten questions) the error appeared at the
// top, off-screen, and nothing said which question was missing. The first unanswered
// question now comes into view with focus, and says what it needs.
import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Auth } from "../src/lib/api";
import { Progress } from "../src/patient/Progress";

const auth = { token: "t", user: { id: 1, email: "p@x.test", first_name: "P", last_name: "Q", role: "patient", clinic: 1, timezone: "Europe/London" } } as Auth;
const options = [0, 1, 2].map((n) => ({ key: `o${n}`, label: `Answer ${n}`, score: n }));
const ndi = { slug: "ndi", name: "Neck Disability Index", short_name: "NDI", instructions: "Choose one.", recall_period: "today",
  items: ["Pain", "Personal care", "Lifting"].map((text, i) => ({ key: `q${i}`, text, response: { type: "options", answer_with: "score", options } })) };
let posts: unknown[];
let root: HTMLElement;
beforeEach(() => {
  posts = [];
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    if (init.method === "POST") posts.push(JSON.parse(String(init.body)));
    const path = url.replace("/api/v1/", "").split("?")[0];
    const body = path === "me/adherence" ? { weeks: [], current_streak_days: 0, headache_days_last_28: 0, baseline_headache_days_28: null }
      : path === "me/measures/due" ? [{ instrument: "ndi", due: true, overdue: false, due_on: "2026-05-04" }]
      : path === "measures/instruments" ? [ndi] : path === "measures" ? { score: 2, band: "mild" } : [];
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }));
  Element.prototype.scrollIntoView = vi.fn();
  root = document.createElement("div");
  document.body.append(root);
});
afterEach(() => { render(null, root); root.remove(); vi.unstubAllGlobals(); });
const settle = () => act(async () => { for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0)); });
const click = async (el: HTMLElement) => { await act(() => { el.click(); }); await settle(); };

describe("a long questionnaire with a question left out", () => {
  it("brings the first unanswered question into view with focus, and sends nothing", async () => {
    await act(() => { render(<Progress auth={auth} />, root); });
    await settle();
    await settle();
    await click([...root.querySelectorAll("button")].find((b) => b.textContent === "Fill in NDI")!);
    await click(root.querySelector<HTMLInputElement>("input[name=q0]")!); // the first answered
    await click(root.querySelector<HTMLButtonElement>("button[type=submit]")!);
    expect(posts).toEqual([]);
    const focused = document.activeElement as HTMLInputElement;
    expect(focused.name).toBe("q1");
    expect(focused.closest("fieldset")!.textContent).toContain("Choose an answer to this question.");
    expect(Element.prototype.scrollIntoView).toHaveBeenCalled();
    expect(root.querySelectorAll(".field-error").length).toBe(2);
    await click(root.querySelector<HTMLInputElement>("input[name=q1]")!);
    expect(root.querySelectorAll(".field-error").length).toBe(1);
  });
});

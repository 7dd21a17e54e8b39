import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DigestSettings } from "../src/therapist/DigestSettings";
import { newRoot, dropRoot, settle } from "./screen";

type Answer = { status: number; body: unknown };
let answers: Answer[];
let calls: { method: string; url: string; body: unknown }[];
let root: HTMLElement;

beforeEach(() => {
  calls = [];
  answers = [];
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ method: init.method ?? "GET", url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const a = answers.shift()!;
    return new Response(JSON.stringify(a.body), { status: a.status, headers: { "Content-Type": "application/json" } });
  }));
  root = newRoot();
});
afterEach(() => {
  dropRoot(root);
});

const off = { daily_digest_time: null, daily_digest_next_at: null, timezone: "Europe/Oslo" };

async function shown() {
  answers.push({ status: 200, body: off });
  await act(() => { render(<DigestSettings />, root); });
  await settle();
}

async function turnOnAt(time: string) {
  const box = root.querySelector<HTMLInputElement>("input[type=checkbox]")!;
  await act(() => { box.checked = true; box.dispatchEvent(new Event("change", { bubbles: true })); });
  const input = root.querySelector<HTMLInputElement>("input[type=time]")!;
  await act(() => { input.value = time; input.dispatchEvent(new Event("input", { bubbles: true })); });
  await act(() => { root.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true })); });
  await settle();
}

describe("DigestSettings", () => {
  it("starts off, and turning it on saves the chosen local time and says when the next one comes", async () => {
    await shown();
    expect(root.querySelector<HTMLInputElement>("input[type=checkbox]")!.checked).toBe(false);
    expect(root.querySelector("input[type=time]")).toBeNull();
    answers.push({ status: 200, body: { daily_digest_time: "06:45", daily_digest_next_at: "2026-05-05T04:45:00Z", timezone: "Europe/Oslo" } });
    await turnOnAt("06:45");
    expect(calls.at(-1)).toEqual({ method: "PUT", url: "/api/v1/me/reminder-settings", body: { daily_digest_time: "06:45" } });
    expect(root.querySelector("[role=status]")!.textContent).toContain("The next summary comes");
    expect(root.querySelector("label.field")!.textContent).toContain("Europe/Oslo");
  });

  it("shows the server's complaint next to the time field", async () => {
    await shown();
    answers.push({ status: 400, body: { code: "invalid", detail: "Please check: daily_digest_time.", fields: { daily_digest_time: ["Use HH:MM, 24-hour (e.g. 18:00)."] } } });
    await turnOnAt("07:15");
    const input = root.querySelector<HTMLInputElement>("input[type=time]")!;
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const described = document.getElementById(input.getAttribute("aria-describedby")!);
    expect(described!.textContent).toBe("Use HH:MM, 24-hour (e.g. 18:00).");
  });
});

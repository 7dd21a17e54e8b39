// What the component tests share: a place to render into, and waiting for the fetches and
// effects a render starts to settle.
import { render } from "preact";
import { act } from "preact/test-utils";
import { vi } from "vitest";
import type { Auth } from "../src/lib/api";

export const patientAuth = { token: "t", user: { id: 1, email: "p@x.test", first_name: "P", last_name: "Q", role: "patient", clinic: 1, timezone: "Europe/London" } } as Auth;

export function newRoot(): HTMLElement {
  const root = document.createElement("div");
  document.body.append(root);
  return root;
}

/** Unmounts what the test rendered, removes its root and the globals it stubbed. */
export function dropRoot(root: HTMLElement) {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
}

export const settle = () => act(async () => { for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0)); });

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

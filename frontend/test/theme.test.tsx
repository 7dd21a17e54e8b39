import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, expect, it } from "vitest";
import { ThemeToggle } from "../src/ui";

afterEach(() => { localStorage.clear(); document.body.innerHTML = ""; });

function button() {
  const root = document.createElement("div");
  document.body.append(root);
  act(() => render(<ThemeToggle />, root));
  return root.querySelector("button")!;
}

it("is not confused by the Django admin's own theme setting on the same site", () => {
  localStorage.setItem("theme", "auto"); // what /admin/ stores
  const b = button();
  expect(b.getAttribute("aria-label")).toBe("Theme: automatic (as the phone). Tap for dark.");
  act(() => b.click());
  expect(b.getAttribute("aria-label")).not.toContain("undefined");
  expect(document.documentElement.getAttribute("data-theme")).toBe("dark");
  expect(localStorage.getItem("theme")).toBe("auto"); // the admin's setting is left alone
});

it("keeps the patient's choice across visits", () => {
  act(() => button().click());
  document.body.innerHTML = "";
  expect(button().getAttribute("aria-label")).toBe("Theme: dark. Tap for light.");
});

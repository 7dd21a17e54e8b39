import "fake-indexeddb/auto";
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EndOfSession } from "../src/patient/LogSession";

// Issue 13 defect: a note over 2,000 characters discarded the whole session.
let root: HTMLElement;
beforeEach(() => { root = document.createElement("div"); document.body.append(root); });
afterEach(() => { render(null, root); root.remove(); });

describe("the session note", () => {
  it("stops at 2,000 characters and counts them", async () => {
    await act(() => { render(<EndOfSession done={[]} onSaved={() => {}} onCancel={() => {}} />, root); });
    const box = root.querySelector("textarea")!;
    expect(box.maxLength).toBe(2000);
    expect(root.querySelector('[data-testid="notes-count"]')!.textContent).toBe("0 of 2,000 characters");
    await act(() => { box.value = "y".repeat(2300); box.dispatchEvent(new Event("input", { bubbles: true })); });
    expect(root.querySelector('[data-testid="notes-count"]')!.textContent).toBe("2,000 of 2,000 characters");
    expect(root.querySelector("textarea")!.value).toHaveLength(2000);
  });
});

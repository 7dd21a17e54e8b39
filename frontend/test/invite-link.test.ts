import { describe, expect, it } from "vitest";
import { linkToken, moveTokenToFragment } from "../src/lib/router";

describe("invite links", () => {
  it("read the token from the fragment, which never reaches the server", () => {
    history.replaceState(null, "", "/invite?speed=2#abc-DEF_123");
    expect(linkToken("/invite", location.pathname)).toBe("abc-DEF_123");
    expect(linkToken("/invite", "/today")).toBeNull();
  });

  it("sent before the fragment form still work, and the token leaves the path", () => {
    history.replaceState(null, "", "/invite/old-Token_9?speed=2");
    moveTokenToFragment("/invite");
    expect(location.pathname).toBe("/invite");
    expect(location.search).toBe("?speed=2");
    expect(location.hash).toBe("#old-Token_9");
    expect(linkToken("/invite", location.pathname)).toBe("old-Token_9");
  });

  it("leave other addresses alone", () => {
    history.replaceState(null, "", "/today#x");
    moveTokenToFragment("/invite");
    expect(location.pathname + location.hash).toBe("/today#x");
  });
});

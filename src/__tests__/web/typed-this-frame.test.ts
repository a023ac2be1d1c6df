import { describe, expect, it } from "vitest";
import { typedThisFrame } from "../../web/board/use-smooth-text";

/*
 * How far a message's live text is typed out in one animation frame. Seen in Chromium on a loaded
 * machine: a frame stamped before the typing began made the text shrink to a few characters (or
 * to all but its last few, through a negative slice) and then jump back.
 */
describe("typedThisFrame", () => {
  it("never shows less than it typed from, even for a frame stamped before the typing began", () => {
    expect(typedThisFrame(188, 259, -40, 188)).toBe(188);
    expect(typedThisFrame(0, 259, -5, 0)).toBe(0);
  });

  it("types the new text out over about 150 ms, a few words a frame", () => {
    expect(typedThisFrame(100, 160, 75, 100)).toBe(124);
    expect(typedThisFrame(100, 120, 75, 100)).toBe(110);
    expect(typedThisFrame(100, 120, 400, 119)).toBe(120);
  });

  it("grows from what the page rendered, at most 24 characters a frame, when rendering falls behind", () => {
    expect(typedThisFrame(0, 300, 1_000, 20)).toBe(44);
    expect(typedThisFrame(0, 300, 1_000, 290)).toBe(300);
  });
});

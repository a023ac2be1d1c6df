import { describe, expect, it } from "vitest";
import { lagOverWholeMessages, textJumps } from "../../../bench/visible-text";
import type { SeenText } from "../web/page-recorder";

const seen = (sequence: number, text: string, at: number, partial = true, interrupted = false): SeenText => ({
  supplier: "apex",
  sequence,
  partial,
  text,
  at,
  interrupted,
});

describe("the web bench's view of text on the page", () => {
  it("measures lag over every state, final ones too, against when that much text was generated", () => {
    const generated = [
      { at: 0, length: 10 },
      { at: 100, length: 20 },
      { at: 200, length: 30 },
    ];
    const states = [seen(0, "x".repeat(10), 150), seen(0, "x".repeat(20), 250), seen(0, "x".repeat(30), 900, false)];
    const lag = lagOverWholeMessages(states, () => generated);
    expect(lag.samples).toBe(3);
    // A page that sits still and then shows the rest at once is seen as lag on the final state.
    expect(lag.p95).toBe(700);
    expect(lag.p50).toBe(150);
  });

  it("reports the largest step text grew by, leaving out the final replace of an interrupted message", () => {
    const states = [
      seen(0, "a".repeat(20), 0),
      seen(0, "a".repeat(50), 10),
      seen(0, "a".repeat(130), 20, false),
      seen(1, "b".repeat(10), 30),
      seen(1, "b".repeat(200), 40, false, true),
    ];
    expect(textJumps(states, (t) => t.sequence === 1)).toEqual({ max: 80, over60: 1, steps: 4 });
  });
});

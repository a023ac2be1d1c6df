import { describe, expect, it } from "vitest";
import { unusedPath } from "../../../bench/bench-output";

describe("where a bench run keeps its figures", () => {
  const day = new Date("2026-12-06T08:18:10Z");

  it("names the first run of the day after the bench and the date", () => {
    expect(unusedPath("/docs/bench", "scale", day, () => false)).toBe("/docs/bench/scale-2026-12-06.txt");
  });

  it("never writes over an earlier run's file: the next free number", () => {
    const kept = new Set(["/docs/bench/scale-2026-12-06.txt", "/docs/bench/scale-2026-12-06-2.txt"]);
    expect(unusedPath("/docs/bench", "scale", day, (file) => kept.has(file))).toBe(
      "/docs/bench/scale-2026-12-06-3.txt",
    );
  });
});

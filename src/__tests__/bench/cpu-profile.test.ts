import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Profiler, Runtime } from "node:inspector";
import { profileLines, summariseProfile } from "../../../bench/cpu-profile";

const root = path.resolve(import.meta.dirname, "../../..");

function frame(functionName: string, url: string, lineNumber = 9): Runtime.CallFrame {
  return { functionName, url, lineNumber, columnNumber: 0, scriptId: "0" };
}

describe("the scale bench's CPU profile summary", () => {
  it("adds up self time by function and by where the code comes from", () => {
    const profile: Profiler.Profile = {
      nodes: [
        { id: 1, callFrame: frame("(root)", "") },
        { id: 2, callFrame: frame("transform", `file://${root}/node_modules/@mastra/core/dist/chunk.js`) },
        { id: 3, callFrame: frame("enqueue", "node:internal/webstreams/readablestream") },
        { id: 4, callFrame: frame("(garbage collector)", "") },
        { id: 5, callFrame: frame("spoken", `file://${root}/src/mastra/negotiation/agent-turns.ts`) },
        { id: 6, callFrame: frame("execute", `file://${root}/node_modules/@mastra/core/dist/other.js`) },
      ],
      startTime: 0,
      endTime: 10_000,
      // 2 ms each, in microseconds: transform 3, enqueue 1, GC 2, spoken 1, execute 1.
      samples: [2, 2, 3, 4, 2, 4, 5, 6],
      timeDeltas: [2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000],
    };
    const summary = summariseProfile(profile);
    expect(summary.totalMs).toBe(16);
    expect(summary.functions.slice(0, 2)).toEqual([
      { name: "transform @mastra/core:10", ms: 6, share: 6 / 16 },
      { name: "(garbage collector) (V8)", ms: 4, share: 4 / 16 },
    ]);
    expect(summary.sources).toEqual([
      { name: "@mastra/core", ms: 8, share: 0.5 },
      { name: "(V8)", ms: 4, share: 0.25 },
      { name: "node:internal/webstreams/readablestream", ms: 2, share: 0.125 },
      { name: "src/mastra/negotiation/agent-turns.ts", ms: 2, share: 0.125 },
    ]);
    expect(profileLines(summary)).toContain("          8 ms  50.0 %  @mastra/core");
  });
});

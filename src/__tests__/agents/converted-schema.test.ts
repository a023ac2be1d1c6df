import { toStandardSchema } from "@mastra/core/schema";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { convertedOnce } from "../../mastra/agents/converted-schema";

const move = z.object({
  decision: z.enum(["offer", "accept", "reject"]),
  terms: z.object({ unitPrice: z.number().positive(), leadTimeDays: z.number().int() }),
});

describe("convertedOnce", () => {
  it("gives the JSON Schema Mastra would, made once per schema, a fresh copy per call", () => {
    const once = convertedOnce(move);
    expect(convertedOnce(move)).toBe(once);
    const options = { target: "draft-07" as const };
    const expected = toStandardSchema(move)["~standard"].jsonSchema.output(options);
    const first = once["~standard"].jsonSchema.output(options);
    const second = once["~standard"].jsonSchema.output(options);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    // A caller that edits its copy cannot change what the next caller gets.
    first.title = "edited";
    expect(once["~standard"].jsonSchema.output(options)).toEqual(expected);
  });

  it("still validates as the zod schema does", async () => {
    const standard = convertedOnce(move)["~standard"];
    const good = await standard.validate({ decision: "offer", terms: { unitPrice: 5.2, leadTimeDays: 30 } });
    expect(good.issues).toBeUndefined();
    const bad = await standard.validate({ decision: "haggle", terms: { unitPrice: -1, leadTimeDays: 30 } });
    expect(bad.issues?.length).toBeGreaterThan(0);
  });
});

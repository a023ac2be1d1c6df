import { toStandardSchema, type StandardSchemaWithJSON } from "@mastra/core/schema";
import type { z } from "zod";

type JsonSchemaConverter = StandardSchemaWithJSON["~standard"]["jsonSchema"];

const converted = new WeakMap<z.ZodType, StandardSchemaWithJSON>();

/**
 * A move schema for `structuredOutput`, converted to JSON Schema once instead of on every decide
 * call: Mastra wraps a zod schema afresh per call and runs `z.toJSONSchema` on it each time. Here
 * the wrapper is made once per schema and its conversions are kept per target; each caller gets
 * its own copy, so nothing downstream can alter the kept one.
 */
export function convertedOnce<T>(schema: z.ZodType<T>): StandardSchemaWithJSON<T, T> {
  const known = converted.get(schema);
  if (known) return known as StandardSchemaWithJSON<T, T>;
  const standard = toStandardSchema(schema) as StandardSchemaWithJSON<T, T>;
  const base = standard["~standard"];
  const memo = (convert: JsonSchemaConverter["input"]): JsonSchemaConverter["input"] => {
    const kept = new Map<string, Record<string, unknown>>();
    return (options) => {
      const key = JSON.stringify(options);
      let result = kept.get(key);
      if (!result) {
        result = convert(options);
        kept.set(key, result);
      }
      return structuredClone(result);
    };
  };
  const once = Object.create(standard) as StandardSchemaWithJSON<T, T>;
  Object.defineProperty(once, "~standard", {
    value: { ...base, jsonSchema: { input: memo(base.jsonSchema.input), output: memo(base.jsonSchema.output) } },
    enumerable: true,
  });
  converted.set(schema, once);
  return once;
}

import type { TestConvex } from "convex-test";
import { makeFunctionReference, type GenericSchema, type SchemaDefinition } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { ExecutionQueue } from "./execution-queue";
import type { VerifiedIdentity } from "./token-verifier";

export type FunctionKind = "query" | "mutation" | "action";
export type Backend = TestConvex<SchemaDefinition<GenericSchema, boolean>>;

/** A function's outcome in Convex's wire form, as both the HTTP API and the sync protocol send it. */
export type Outcome =
  { success: true; value: JSONValue } | { success: false; errorMessage: string; errorData?: JSONValue };

/**
 * Runs the project's real functions in convex-test. Queries and mutations go through one serial
 * queue (Convex's transactions); actions run beside it, as on Convex, and their own queries and
 * mutations are convex-test's business. `onWrite` fires after every mutation or action, so
 * subscribers can be told.
 */
export class FunctionRunner {
  private readonly queue = new ExecutionQueue();
  executed = 0;

  constructor(
    readonly backend: Backend,
    private readonly onWrite: () => void,
  ) {}

  async run(kind: FunctionKind, udfPath: string, args: JSONValue, identity: VerifiedIdentity | null): Promise<Outcome> {
    const caller = identity ? this.backend.withIdentity(identity) : this.backend;
    const decoded = (jsonToConvex(args ?? {}) ?? {}) as Record<string, Value>;
    const call = (): Promise<unknown> => {
      this.executed++;
      if (kind === "query") return caller.query(makeFunctionReference<"query">(udfPath), decoded);
      if (kind === "mutation") return caller.mutation(makeFunctionReference<"mutation">(udfPath), decoded);
      return caller.action(makeFunctionReference<"action">(udfPath), decoded);
    };
    try {
      const value = kind === "action" ? await call() : await this.queue.run(call);
      return { success: true, value: convexToJson((value ?? null) as Value) };
    } catch (error) {
      return describeError(error);
    } finally {
      if (kind !== "query") this.onWrite();
    }
  }
}

function describeError(error: unknown): Outcome {
  if (error instanceof ConvexError) {
    const data = error.data as Value;
    return {
      success: false,
      errorMessage: typeof data === "string" ? data : error.message,
      errorData: convexToJson(data),
    };
  }
  return { success: false, errorMessage: error instanceof Error ? error.message : String(error) };
}

/** `"quotes:get"` and `"quotes.js:get"` name the same function; `makeFunctionReference` wants the first. */
export function canonicalPath(path: string): string {
  return path.replace(/\.js:/, ":").replace(/\.js$/, "");
}

import type { TestConvex } from "convex-test";
import { makeFunctionReference, type GenericSchema, type SchemaDefinition } from "convex/server";
import { ConvexError, convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import path from "node:path";
import { ExecutionQueue } from "./execution-queue";
import { FUNCTIONS_DIR, serverModules } from "./server-modules";
import type { VerifiedIdentity } from "./token-verifier";

export type FunctionKind = "query" | "mutation" | "action";

/** Says which tables a query read while it ran (read-sets.ts). */
export interface ReadCounter {
  measure<T>(query: () => Promise<T>): Promise<{ value: T; reads: ReadonlySet<string> }>;
}
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
  /** Runs by function path. */
  readonly runs = new Map<string, number>();

  constructor(
    readonly backend: Backend,
    private readonly onWrite: () => void,
    /** Whether a client may call the function: internal ones answer only to other functions. */
    private readonly isPublic: PublicFunctionCheck = publicFunctionCheck(),
    /**
     * Resolves once what has been committed is on disk (a data folder), so a write is answered only
     * when a crash can no longer lose it. Nothing to wait for in memory.
     */
    readonly durable: () => Promise<void> = () => Promise.resolve(),
    /** Counts the tables each subscription's query reads, when the backend tells its sessions what changed. */
    private readonly readSets?: ReadCounter,
  ) {}

  /** A subscription's query: its outcome, and the tables it read when this runner counts them. */
  async runQuery(
    udfPath: string,
    args: JSONValue,
    identity: VerifiedIdentity | null,
  ): Promise<{ outcome: Outcome; reads?: ReadonlySet<string> }> {
    const readSets = this.readSets;
    if (!readSets) return { outcome: await this.run("query", udfPath, args, identity) };
    let reads: ReadonlySet<string> | undefined;
    const outcome = await this.run("query", udfPath, args, identity, async (query) => {
      const measured = await readSets.measure(query);
      reads = measured.reads;
      return measured.value;
    });
    // A query that failed may have stopped before reading what would change its answer: re-run it on every write.
    return outcome.success && reads ? { outcome, reads } : { outcome };
  }

  /** A client's call. As on Convex, an internal function (or none at all) cannot be called from outside. */
  async run(
    kind: FunctionKind,
    udfPath: string,
    args: JSONValue,
    identity: VerifiedIdentity | null,
    around: (call: () => Promise<unknown>) => Promise<unknown> = (call) => call(),
  ): Promise<Outcome> {
    if (!(await this.isPublic(udfPath))) {
      return {
        success: false,
        errorMessage: `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
      };
    }
    const caller = identity ? this.backend.withIdentity(identity) : this.backend;
    const decoded = (jsonToConvex(args ?? {}) ?? {}) as Record<string, Value>;
    const call = (): Promise<unknown> => {
      this.executed++;
      this.runs.set(udfPath, (this.runs.get(udfPath) ?? 0) + 1);
      if (kind === "query") return caller.query(makeFunctionReference<"query">(udfPath), decoded);
      if (kind === "mutation") return caller.mutation(makeFunctionReference<"mutation">(udfPath), decoded);
      return caller.action(makeFunctionReference<"action">(udfPath), decoded);
    };
    try {
      const value = kind === "action" ? await call() : await this.queue.run(() => around(call));
      // Answered only once on disk (a disk that refuses the write makes this call fail). A query
      // waits too: no one is shown a write that a crash could still take back.
      await this.durable();
      return { success: true, value: convexToJson((value ?? null) as Value) };
    } catch (error) {
      // An action that failed may have committed mutations before it did.
      if (kind === "action") await this.durable().catch(() => undefined);
      return describeError(error);
    } finally {
      if (kind !== "query") this.onWrite();
    }
  }
}

export type PublicFunctionCheck = (udfPath: string) => Promise<boolean>;

/**
 * Reads the function's module and asks the registered function itself: `query`, `mutation` and
 * `action` mark theirs `isPublic`, the `internal…` variants `isInternal`. convex-test, which runs
 * the functions, calls either kind, so without this a client could reach `suppliers:upsert`.
 */
export function publicFunctionCheck(modules = serverModules(), functionsDir = FUNCTIONS_DIR): PublicFunctionCheck {
  const load = functionLoader(modules, functionsDir);
  return async (udfPath) => {
    const exported = await load(udfPath);
    return typeof exported === "function" && (exported as { isPublic?: unknown }).isPublic === true;
  };
}

/** The registered function a path names (`"quotes:get"`), as its module exports it; undefined if none. */
export function functionLoader(modules = serverModules(), functionsDir = FUNCTIONS_DIR) {
  const byModule = new Map<string, () => Promise<unknown>>();
  for (const [file, load] of Object.entries(modules)) {
    byModule.set(path.relative(functionsDir, file).replace(/\.(ts|js)$/, ""), load);
  }
  return async (udfPath: string): Promise<unknown> => {
    const [moduleName = "", exportName = "default"] = udfPath.split(":");
    const load = byModule.get(moduleName);
    return load ? ((await load()) as Record<string, unknown>)[exportName] : undefined;
  };
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

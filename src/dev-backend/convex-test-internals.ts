import { AsyncLocalStorage } from "node:async_hooks";
import type { Value } from "convex/values";
import type { Backend } from "./function-runner";

/** A stored document as convex-test keeps it: its fields with `_id` and `_creationTime`. */
export type StoredDocument = Record<string, Value>;

/**
 * The few fields of convex-test's in-memory database (its `DatabaseFake`, one per component) that
 * saving and restoring a deployment needs. convex-test offers no export of raw documents with their
 * ids, and ids must survive a restart (sessions, quotes and run grants refer to them), so the local
 * backend reaches into these. Written against convex-test 0.0.60, pinned in package.json; the
 * durability tests fail loudly if an upgrade moves them.
 */
export interface ComponentDatabase {
  /** Committed documents by id. */
  _documents: Record<string, StoredDocument>;
  /** Pending writes per nesting level of the open transaction (`null` deletes). */
  _writes: Array<Record<string, StoredDocument | null>>;
  /** The counter the next id is made from. */
  _nextDocId: number;
  /** The last `_creationTime` handed out: a new one is always later. */
  _lastCreationTime: number;
}

export interface DeploymentInternals {
  /** Every mounted component's database by path; the app itself is `""`. */
  components: Record<string, { db: ComponentDatabase }>;
  /** Commits every component's writes at once; `isNested` for a function called by another. */
  transactionManager: { commit(isNested: boolean): bigint | null };
}

/** The test accessor's undocumented way into a component, present in 0.0.60 (`t.runInComponent`). */
export type ComponentRunner = (componentPath: string, handler: (ctx: unknown) => Promise<unknown>) => Promise<unknown>;

/**
 * Finds the deployment state behind a convex-test instance. convex-test keeps it in a closure and
 * enters it with `AsyncLocalStorage.run(state, …)` on every call, so one harmless call, watched for
 * that `run`, hands it over. The watch is removed before this returns.
 */
export async function deploymentInternals(backend: Backend): Promise<DeploymentInternals> {
  let found: DeploymentInternals | undefined;
  const prototype = AsyncLocalStorage.prototype as { run: (...args: unknown[]) => unknown };
  const original = prototype.run;
  prototype.run = function watched(this: unknown, store: unknown, ...rest: unknown[]) {
    if (found === undefined && isDeploymentState(store)) found = store;
    return original.call(this, store, ...rest);
  };
  try {
    await backend.run(async () => null);
  } finally {
    prototype.run = original;
  }
  if (!found) throw new Error(INTERNALS_MOVED);
  return found;
}

/** `t.runInComponent`, checked to exist. */
export function componentRunner(backend: Backend): ComponentRunner {
  const candidate = (backend as unknown as { runInComponent?: unknown }).runInComponent;
  if (typeof candidate !== "function") throw new Error(INTERNALS_MOVED);
  return candidate as ComponentRunner;
}

export const INTERNALS_MOVED =
  "the local backend cannot keep its data: convex-test's internals are not where version 0.0.60 kept them " +
  "(pin convex-test back, or update src/dev-backend/convex-test-internals.ts)";

function isDeploymentState(store: unknown): store is DeploymentInternals {
  if (typeof store !== "object" || store === null) return false;
  const { components, transactionManager } = store as Partial<Record<string, unknown>>;
  if (typeof components !== "object" || components === null) return false;
  if (typeof (transactionManager as { commit?: unknown } | undefined)?.commit !== "function") return false;
  const root = (components as Record<string, { db?: Partial<ComponentDatabase> }>)[""]?.db;
  return typeof root?._documents === "object" && Array.isArray(root._writes) && typeof root._nextDocId === "number";
}

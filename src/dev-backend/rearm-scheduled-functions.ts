import { makeFunctionReference, type Scheduler } from "convex/server";
import type { GenericId, Value } from "convex/values";
import { componentRunner, type DeploymentInternals, type StoredDocument } from "./convex-test-internals";
import type { Backend } from "./function-runner";

const JOBS_TABLE = "_scheduled_functions";

/** A mutation may run again after a crash (its transaction never committed); an action may not. */
export type IsMutation = (componentPath: string, udfPath: string) => Promise<boolean>;

/**
 * After a restart, the scheduled functions the data folder says are still due have no timer: a
 * restored `_scheduled_functions` row is only a row. Each pending one is scheduled again for its
 * time (Convex runs a scheduled mutation exactly once and an action at most once), and the old row
 * is cancelled. One that was running when the process died is run again only if it is a mutation,
 * whose transaction cannot have committed; an interrupted action is not retried, as on Convex.
 * Returns how many were scheduled again.
 */
export async function rearmScheduledFunctions(
  backend: Backend,
  internals: DeploymentInternals,
  isMutation: IsMutation,
): Promise<number> {
  const runIn = componentRunner(backend);
  let rearmed = 0;
  for (const [componentPath, { db }] of Object.entries(internals.components)) {
    for (const job of Object.values(db._documents).filter(isOpenJob)) {
      const again = job.state.kind === "pending" || (await isMutation(componentPath, job.name));
      await runIn(componentPath, async (ctx) => {
        const { scheduler } = ctx as { scheduler: Scheduler };
        await scheduler.cancel(job._id);
        if (!again) return;
        const when = Math.max(Date.now(), job.scheduledTime);
        const args = (job.args[0] ?? {}) as Record<string, Value>;
        await scheduler.runAt(when, makeFunctionReference<"mutation", Record<string, Value>>(job.name), args);
      });
      if (again) rearmed++;
    }
  }
  return rearmed;
}

interface OpenJob {
  _id: GenericId<typeof JOBS_TABLE>;
  name: string;
  args: Value[];
  scheduledTime: number;
  state: { kind: "pending" | "inProgress" };
}

function isOpenJob(document: StoredDocument): document is StoredDocument & OpenJob {
  if (!String(document._id).endsWith(JOBS_TABLE)) return false;
  const kind = (document.state as { kind?: unknown } | undefined)?.kind;
  return kind === "pending" || kind === "inProgress";
}

import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

/*
 * Starting a quote's run is a scheduled action, and an action runs at most once: one that dies with
 * its process (a backend killed mid-start) is never run again by Convex, and the quote would say
 * "starting" forever. So each start is followed by a check, which asks again if no run was recorded.
 */

/**
 * When a start that has recorded no run is taken for dead. A live one takes at most about 2.5
 * minutes (each call tried three times with a 15 s timeout), so a start still under way is never
 * doubled.
 */
export const START_CHECK_MS = 5 * 60_000;
/** Starts asked for before the quote fails, saying so. */
export const MAX_START_ATTEMPTS = 3;

/** Starts the quote's run now and checks on it later. */
export async function scheduleRunStart(ctx: MutationCtx, quoteId: Id<"quotes">, attempt: number): Promise<void> {
  await ctx.scheduler.runAfter(0, internal.workflowTrigger.startWorkflowRun, { quoteId });
  await ctx.scheduler.runAfter(START_CHECK_MS, internal.workflowTrigger.checkRunStarted, { quoteId, attempt });
}

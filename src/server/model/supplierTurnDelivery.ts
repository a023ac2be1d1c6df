import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

/** The longest time to reply a quote may give (30 days, quote.ts), with a minute for clocks apart. */
export const MAX_REPLY_WINDOW_MS = 30 * 24 * 60 * 60 * 1000 + 60_000;

/**
 * The run is told a little after the deadline, so that its own clock, which decides whether the
 * time to reply has run out, agrees even when it runs a little behind Convex's.
 */
const AFTER_DEADLINE_MS = 2_000;

/** Tells the quote's run, now, that a supplier answering in person has replied (supplierTurns.ts). */
export async function scheduleSupplierTurn(ctx: MutationCtx, quoteId: Id<"quotes">): Promise<void> {
  await ctx.scheduler.runAfter(0, internal.supplierTurns.deliver, { quoteId, attempt: 1 });
}

/** Tells the quote's run, once `replyBy` has passed, that a supplier's time to reply has run out. */
export async function scheduleDeadline(ctx: MutationCtx, quoteId: Id<"quotes">, replyBy: number): Promise<void> {
  await ctx.scheduler.runAt(replyBy + AFTER_DEADLINE_MS, internal.supplierTurns.deliver, { quoteId, attempt: 1 });
}

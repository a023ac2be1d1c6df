import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import type { Infer } from "convex/values";
import { quoteEventFields } from "./validators";

type Action = Infer<typeof quoteEventFields.action>;

/**
 * One line of a quote's audit trail: who did what and when, in words the buyer reads. Written in
 * the same transaction as the change it records, and never changed or removed afterwards.
 */
export async function recordQuoteEvent(
  ctx: MutationCtx,
  quoteId: Id<"quotes">,
  actorId: string,
  action: Action,
  detail: string,
  at: number = Date.now(),
): Promise<void> {
  await ctx.db.insert("quoteEvents", { quoteId, at, actorId, action, detail });
}

import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalAction, internalMutation, internalQuery } from "./_generated/server";
import { withRetries } from "./model/boundedRetry";
import { MastraWorkflowApi, isTransientMastraError } from "./model/mastraApi";
import { readMastraServer } from "./model/mastraUrl";

/*
 * Taking the buyer's decision to the run waiting for it on the Mastra server, from a scheduled
 * action (run at most once, never retried by Convex): three quick tries, then again later with a
 * growing pause, and after the last the quote says the decision could not be passed on. The
 * decision itself stands from the moment the buyer made it (decisions.ts).
 */

const QUICK_RETRY_DELAYS_MS = [500, 1000] as const;
/** Pauses before the later attempts: about half an hour in all, enough for a server to come back. */
const LATER_ATTEMPT_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_200_000] as const;

/** Where to send the decision: the quote's run and what the buyer decided; null once there is nothing to send. */
export const loadDelivery = internalQuery({
  args: { quoteId: v.id("quotes") },
  returns: v.union(
    v.null(),
    v.object({
      runId: v.string(),
      decision: v.union(
        v.object({ decision: v.literal("award"), supplierId: v.string() }),
        v.object({ decision: v.literal("decline") }),
      ),
    }),
  ),
  handler: async (ctx, { quoteId }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (!quote?.decision || quote.workflowRunId === undefined || quote.decisionDelivery?.state === "sent") return null;
    const { kind, supplierId } = quote.decision;
    const decision =
      kind === "award" && supplierId !== undefined
        ? { decision: "award" as const, supplierId }
        : { decision: "decline" as const };
    return { runId: quote.workflowRunId, decision };
  },
});

export const recordDelivery = internalMutation({
  args: {
    quoteId: v.id("quotes"),
    state: v.union(v.literal("sending"), v.literal("sent"), v.literal("failed")),
    attempts: v.number(),
    problem: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, { quoteId, state, attempts, problem }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (!quote || quote.decisionDelivery?.state === "sent") return null;
    await ctx.db.patch("quotes", quoteId, {
      decisionDelivery: { state, attempts, ...(problem === undefined ? {} : { problem }) },
      updatedAt: Date.now(),
    });
    return null;
  },
});

export const deliver = internalAction({
  args: { quoteId: v.id("quotes"), attempt: v.number() },
  returns: v.null(),
  handler: async (ctx, { quoteId, attempt }) => {
    const target = await ctx.runQuery(internal.decisionDelivery.loadDelivery, { quoteId });
    if (target === null) return null;
    const outcome = await send(target.runId, target.decision);
    if (outcome.sent) {
      await ctx.runMutation(internal.decisionDelivery.recordDelivery, { quoteId, state: "sent", attempts: attempt });
      return null;
    }
    const pause = outcome.final ? undefined : LATER_ATTEMPT_DELAYS_MS[attempt - 1];
    const state = pause === undefined ? "failed" : "sending";
    await ctx.runMutation(internal.decisionDelivery.recordDelivery, {
      quoteId,
      state,
      attempts: attempt,
      problem: outcome.problem,
    });
    if (pause !== undefined) {
      await ctx.scheduler.runAfter(pause, internal.decisionDelivery.deliver, { quoteId, attempt: attempt + 1 });
    }
    return null;
  },
});

type Sent = { sent: true } | { sent: false; problem: string; final: boolean };

/** One attempt (with its quick retries); `final` when no later attempt could do better. */
async function send(
  runId: string,
  decision: { decision: "award"; supplierId: string } | { decision: "decline" },
): Promise<Sent> {
  const mastra = readMastraServer();
  if ("problem" in mastra) return { sent: false, problem: mastra.problem, final: false };
  try {
    const api = new MastraWorkflowApi(mastra.urls, mastra.secret);
    const state = await withRetries(() => api.deliverDecision(runId, decision), {
      delaysMs: QUICK_RETRY_DELAYS_MS,
      isRetriable: isTransientMastraError,
    });
    if (state !== "unknown") return { sent: true };
    return { sent: false, problem: "the negotiation service no longer has this negotiation run", final: true };
  } catch (error) {
    return { sent: false, problem: error instanceof Error ? error.message : String(error), final: false };
  }
}

import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalAction, internalMutation, internalQuery } from "./_generated/server";
import { RetriesExhaustedError, withRetries } from "./model/boundedRetry";
import { MastraHttpError, MastraWorkflowApi, isTransientMastraError } from "./model/mastraApi";
import { readMastraServer } from "./model/mastraUrl";
import { failOpenQuote } from "./model/negotiationClosing";
import { MAX_START_ATTEMPTS, scheduleRunStart } from "./model/runStart";
import { findSupplier, toProfile } from "./model/supplierDirectory";
import { negotiationRunInputValidator } from "./model/validators";
import { deriveWriteToken, randomHex32, sha256Hex } from "../shared/run-credentials";
import type { SupplierProfile } from "../domain/suppliers";
import { watchdogIntervalMs } from "./model/watchdogPolicy";
import { negotiationsOfQuote } from "./model/quoteNegotiations";

/*
 * Starting (and stopping) the negotiation workflow on the Mastra server, from a scheduled action.
 * Scheduled actions run at most once and are never retried by Convex, so this file does its own
 * bounded retries and always leaves the quote saying what happened.
 */

/** Pauses between the three attempts of each call: short, since a buyer is waiting on the page. */
const RETRY_DELAYS_MS = [500, 1000] as const;
const retryPolicy = { delaysMs: RETRY_DELAYS_MS, isRetriable: isTransientMastraError };

/**
 * The workflow's input for a quote still waiting to start; null if it is gone or already moved on.
 * It carries the invited suppliers' full profiles as the table holds them now: the run negotiates
 * with this snapshot, so an operator's later change to a supplier does not reach a running quote.
 */
export const loadRunInput = internalQuery({
  args: { quoteId: v.id("quotes") },
  returns: v.union(v.null(), negotiationRunInputValidator),
  handler: async (ctx, { quoteId }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (!quote || quote.status !== "starting") return null;
    const negotiations = await negotiationsOfQuote(ctx, quoteId);
    // The workflow pairs negotiation ids with suppliers by position, so the order must match.
    const negotiationIds = quote.supplierIds.map((supplierId) => {
      const negotiation = negotiations.find((n) => n.supplierId === supplierId);
      if (!negotiation) throw new Error(`quote ${quoteId} has no negotiation for supplier "${supplierId}"`);
      return negotiation._id;
    });
    const suppliers: SupplierProfile[] = [];
    for (const supplierId of quote.supplierIds) {
      const row = await findSupplier(ctx, supplierId);
      if (!row) throw new Error(`supplier "${supplierId}" invited by quote ${quoteId} is no longer in the directory`);
      suppliers.push(toProfile(row));
    }
    return {
      quoteId,
      userId: quote.ownerId,
      products: quote.products,
      priorities: quote.priorities,
      ...(quote.buyerValues === undefined ? {} : { buyerValues: quote.buyerValues }),
      userNotes: quote.userNotes,
      ...(quote.maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays: quote.maxLeadTimeDays }),
      supplierIds: quote.supplierIds,
      ...(quote.inPersonSupplierIds === undefined ? {} : { inPersonSupplierIds: quote.inPersonSupplierIds }),
      ...(quote.replyWithinSeconds === undefined ? {} : { replyWithinSeconds: quote.replyWithinSeconds }),
      maxRounds: quote.maxRounds,
      negotiationIds,
      suppliers,
    };
  },
});

/**
 * Records the run id the moment Mastra hands it out, so a cancel can reach the run from then on,
 * with the hash of the run's write token: from now on only this run can write to the quote.
 * Answers whether to go on and start it: not if the buyer cancelled (or it failed) meanwhile.
 * From here on the quote waits on the run, so the crash watchdog (workflowWatchdog.ts) is armed in
 * the same transaction: should this action die before the start, the watchdog still closes the quote.
 */
export const recordRunStarted = internalMutation({
  args: { quoteId: v.id("quotes"), runId: v.string(), writeTokenHash: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { quoteId, runId, writeTokenHash }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (!quote) return false;
    // A quote that moved on (cancelled meanwhile) gets no run and no writer.
    if (quote.status !== "starting") return false;
    await ctx.db.patch("quotes", quoteId, {
      workflowRunId: runId,
      writeTokenHash,
      status: "negotiating",
      updatedAt: Date.now(),
    });
    await ctx.scheduler.runAfter(watchdogIntervalMs(), internal.workflowWatchdog.checkRun, {
      quoteId,
      runId,
      misses: 0,
    });
    return true;
  },
});

/** The run could not be started: the quote and its open negotiations fail with the reason. */
export const recordRunFailed = internalMutation({
  args: { quoteId: v.id("quotes"), error: v.string() },
  returns: v.null(),
  handler: async (ctx, { quoteId, error }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (quote) await failOpenQuote(ctx, quote, error);
    return null;
  },
});

/**
 * Some time after a start was asked for: a quote still "starting" has no run, because the start
 * died with its process. It is asked again, up to MAX_START_ATTEMPTS times; then the quote fails with
 * the reason instead of waiting for ever.
 */
export const checkRunStarted = internalMutation({
  args: { quoteId: v.id("quotes"), attempt: v.number() },
  returns: v.null(),
  handler: async (ctx, { quoteId, attempt }) => {
    const quote = await ctx.db.get("quotes", quoteId);
    if (!quote || quote.status !== "starting") return null;
    if (attempt < MAX_START_ATTEMPTS) {
      await scheduleRunStart(ctx, quoteId, attempt + 1);
      return null;
    }
    await failOpenQuote(
      ctx,
      quote,
      `the negotiation service did not start this quote: asked ${attempt} times, it never recorded a run`,
    );
    return null;
  },
});

export const isQuoteCancelled = internalQuery({
  args: { quoteId: v.id("quotes") },
  returns: v.boolean(),
  handler: async (ctx, { quoteId }) => (await ctx.db.get("quotes", quoteId))?.status === "cancelled",
});

/** Scheduled by `quotes.create`: creates and starts the workflow run for a quote. */
export const startWorkflowRun = internalAction({
  args: { quoteId: v.id("quotes") },
  returns: v.null(),
  handler: async (ctx, { quoteId }) => {
    const mastra = readMastraServer();
    try {
      const run = await ctx.runQuery(internal.workflowTrigger.loadRunInput, { quoteId });
      if (!run) return null;
      if ("problem" in mastra) {
        await ctx.runMutation(internal.workflowTrigger.recordRunFailed, { quoteId, error: mastra.problem });
        return null;
      }
      const api = new MastraWorkflowApi(mastra.urls, mastra.secret);

      // The quote id doubles as the run id, so a create-run retried after a lost answer finds the
      // same run instead of leaving an orphan behind.
      const runId = await withRetries(() => api.createRun(quoteId), retryPolicy);
      // The run's write grant: a fresh nonce, handed to the run inside the signed start request; the
      // quote keeps only the hash of the token derived from it.
      const grant = { quoteId, runId, runNonce: randomHex32() };
      const writeTokenHash = await sha256Hex(await deriveWriteToken(mastra.secret, grant));
      const proceed = await ctx.runMutation(internal.workflowTrigger.recordRunStarted, {
        quoteId,
        runId,
        writeTokenHash,
      });
      if (!proceed) {
        // Cancelled while the run was being created: do not leave a created run behind. (A quote that
        // failed or that another start moved on keeps its run as it is.)
        if (await ctx.runQuery(internal.workflowTrigger.isQuoteCancelled, { quoteId }))
          await cancelBestEffort(api, runId);
        return null;
      }

      await withRetries(async (attempt) => {
        // A start whose answer was lost may have gone through; starting twice would run every
        // negotiation twice. Only a run still "pending" is started again.
        if (attempt > 1 && (await runHasStarted(api, runId))) return;
        await api.startRun(runId, run, grant);
      }, retryPolicy);

      // The buyer may have cancelled while the start was in flight, before the run could be stopped.
      if (await ctx.runQuery(internal.workflowTrigger.isQuoteCancelled, { quoteId })) {
        await cancelBestEffort(api, runId);
      }
    } catch (error) {
      await ctx.runMutation(internal.workflowTrigger.recordRunFailed, {
        quoteId,
        error: describeStartFailure("urls" in mastra ? mastra.urls.join(", ") : "(unset MASTRA_URL)", error),
      });
    }
    return null;
  },
});

/** Scheduled by `quotes.cancel` when the quote has a run: asks Mastra to abort it. Best effort. */
export const cancelWorkflowRun = internalAction({
  args: { runId: v.string() },
  returns: v.null(),
  handler: async (_ctx, { runId }) => {
    const mastra = readMastraServer();
    if ("problem" in mastra) {
      console.warn(`could not cancel workflow run ${runId}: ${mastra.problem}`);
      return null;
    }
    await cancelBestEffort(new MastraWorkflowApi(mastra.urls, mastra.secret), runId);
    return null;
  },
});

/** A failed status check counts as "not started": the start that follows will tell. */
async function runHasStarted(api: MastraWorkflowApi, runId: string): Promise<boolean> {
  try {
    const status = await api.getRunStatus(runId);
    return status !== null && status !== "pending";
  } catch {
    return false;
  }
}

async function cancelBestEffort(api: MastraWorkflowApi, runId: string): Promise<void> {
  try {
    await withRetries(() => api.cancelRun(runId), retryPolicy);
  } catch (error) {
    // The quote is already cancelled in Convex; a run that keeps going only writes to closed negotiations.
    console.warn(`could not cancel workflow run ${runId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function describeStartFailure(baseUrl: string, error: unknown): string {
  if (error instanceof RetriesExhaustedError) {
    return `The Mastra server at ${baseUrl} could not be reached after ${error.attempts} attempts: ${error.message}`;
  }
  if (error instanceof MastraHttpError) {
    return `The Mastra server at ${baseUrl} refused to start the negotiation workflow: ${error.message}`;
  }
  return `The negotiation workflow could not be started on the Mastra server at ${baseUrl}: ${error instanceof Error ? error.message : String(error)}`;
}

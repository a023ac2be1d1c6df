import { createStep, createWorkflow } from "@mastra/core/workflows";
import { z } from "zod";
import { checkQuote, maxRoundsSchema, productOfLine, quoteFields } from "../../domain/quote";
import { MAX_ID_LENGTH } from "../../domain/limits";
import { BUILT_IN_SUPPLIERS, MAX_SUPPLIERS_PER_QUOTE, pricedFor, supplierProfileSchema } from "../../domain/suppliers";
import { checkDistinctSuppliers, checkInvitedSuppliers, invitedSuppliers } from "../../domain/supplier-directory";
import { BRAND_AGENT_ID } from "../agents/brand-agent";
import { SUPPLIER_AGENT_ID } from "../agents/supplier-agent";
import { evaluateOffers } from "../evaluation/evaluate-offers";
import { recommendationSchema } from "../evaluation/recommendation";
import { ZERO_USAGE } from "../negotiation/agent-turns";
import { budgetScope } from "../models/model-budget";
import { PausableDeadline } from "../negotiation/pausable-deadline";
import { runSupplierNegotiation } from "../negotiation/run-supplier-negotiation";
import { EMPTY_JOURNAL } from "../negotiation/resume-point";
import { MarketBoard } from "../negotiation/market-board";
import { negotiationResultSchema, supplierRecordOf, type NegotiationResult } from "../negotiation/negotiation-types";
import { fanOut, mergeReports, type DeliveryReport, type NegotiationSink } from "../storage/negotiation-sink";
import { describeValidationError } from "../../domain/validation-error";
import { eventWriterCallbacks } from "./negotiation-events";
import { negotiationIdsFor, resolveRunIdentity, type RunIdentity } from "./run-identity";
import type { RunClaims } from "./run-claims";

const idSchema = (field: string) =>
  z
    .string()
    .min(1, `${field} must not be empty`)
    .max(MAX_ID_LENGTH, `${field} must be at most ${MAX_ID_LENGTH} characters`)
    .regex(/^[\w.:-]+$/, `${field} may use only letters, digits and . _ : -`);

/**
 * The workflow's input: a quote, the suppliers it may invite, plus the Convex ids of a run Convex
 * started. From Studio a bare quote is enough: the built-in suppliers are the directory, and the
 * run makes up its own ids and writes a local transcript.
 */
export const negotiationWorkflowInputSchema = quoteFields
  .extend({
    /** Convex's quote id. A run started by Convex takes it from its signed grant; this must agree. */
    quoteId: idSchema("quoteId").optional(),
    userId: idSchema("userId").optional(),
    /**
     * The supplier directory for this run, as data (Convex sends the invited suppliers' profiles
     * from its `suppliers` table); the built-in suppliers when omitted. `supplierIds` picks from it.
     */
    suppliers: z
      .array(supplierProfileSchema)
      .min(1, "suppliers must hold at least one supplier")
      .max(MAX_SUPPLIERS_PER_QUOTE, `suppliers may hold at most ${MAX_SUPPLIERS_PER_QUOTE} suppliers`)
      .optional(),
    /** One pre-created negotiation id per invited supplier, in the order they are invited. */
    negotiationIds: z.array(idSchema("negotiationIds[]")).max(MAX_SUPPLIERS_PER_QUOTE).optional(),
    maxRounds: maxRoundsSchema,
  })
  .superRefine((input, ctx) => {
    checkQuote(input, ctx);
    const directory = input.suppliers ?? BUILT_IN_SUPPLIERS;
    if (input.suppliers) checkDistinctSuppliers(input.suppliers, ["suppliers"], ctx);
    checkInvitedSuppliers(input.supplierIds, directory, ctx);
    const invited = input.supplierIds ?? directory.map((s) => s.id);
    if (input.negotiationIds !== undefined && input.negotiationIds.length !== invited.length) {
      ctx.addIssue({
        code: "custom",
        path: ["negotiationIds"],
        message: `expected ${invited.length} negotiation ids (one per invited supplier), got ${input.negotiationIds.length}`,
      });
    }
  });
export type NegotiationWorkflowInput = z.infer<typeof negotiationWorkflowInputSchema>;

const deliveryReportSchema = z.object({
  destination: z.string(),
  delivered: z.number(),
  retried: z.number(),
  undelivered: z.array(
    z.object({
      negotiationId: z.string(),
      kind: z.enum(["message", "partial", "status", "offer", "quote"]),
      sequence: z.number().optional(),
      reason: z.string(),
    }),
  ),
});

const negotiationsOutputSchema = z.object({
  quoteId: z.string(),
  userId: z.string(),
  priorities: quoteFields.shape.priorities,
  /** What the buyer says lead time and credit are worth: the evaluation scores by them. */
  buyerValues: quoteFields.shape.buyerValues,
  /** The buyer's limits, so a no-deal explanation can say which one stood in the way. */
  products: quoteFields.shape.products,
  maxLeadTimeDays: quoteFields.shape.maxLeadTimeDays,
  results: z.array(negotiationResultSchema),
  wallTimeMs: z.number(),
  delivery: deliveryReportSchema,
});

export const negotiationWorkflowOutputSchema = negotiationsOutputSchema
  .omit({ priorities: true, buyerValues: true, userId: true, products: true, maxLeadTimeDays: true })
  .extend({
    recommendation: recommendationSchema,
  });
export type NegotiationWorkflowOutput = z.infer<typeof negotiationWorkflowOutputSchema>;

/** What a run's sink is made from: its identity, with the write token when Convex granted one. */
export interface SinkTarget {
  quoteId: string;
  userId: string;
  /** The run: a restart of it reads back what it wrote (see NegotiationSink.journal). */
  runId: string;
  /** Present only for a run Convex started: the token its writes to Convex present. */
  writeToken?: string;
}

export function sinkTarget(identity: RunIdentity, runId: string): SinkTarget {
  const target = { quoteId: identity.quoteId, userId: identity.userId, runId };
  return identity.kind === "convex" ? { ...target, writeToken: identity.writeToken } : target;
}

export interface NegotiationWorkflowDeps {
  /** Where messages are persisted for this run: Convex (with a write token), or a local transcript. */
  createSink(target: SinkTarget): NegotiationSink;
  /** The runs this process executes, held while their negotiations run (so none is resumed twice). */
  claims?: RunClaims;
  /** MASTRA_AUTH_SECRET: turns a run's grant into its write token. Without it no run writes to Convex. */
  authSecret?: string;
  /** A negotiation that runs longer than this fails with a timeout; the others go on. */
  negotiationTimeoutMs?: number;
  /** One model call that takes longer than this is abandoned and retried. */
  modelCallTimeoutMs?: number;
}

export function createNegotiationWorkflow(deps: NegotiationWorkflowDeps) {
  const runNegotiations = createStep({
    id: "run-negotiations",
    description: "Negotiates with every supplier at once, streaming and persisting each message as it is written.",
    inputSchema: negotiationWorkflowInputSchema,
    outputSchema: negotiationsOutputSchema,
    execute: async ({ inputData: rawInput, mastra, abortSignal, writer, requestContext, runId }) => {
      // Held until the run finishes (onFinish below): Convex asking for it meanwhile resumes nothing.
      deps.claims?.hold(runId);
      const startedAt = Date.now();
      // Checked here rather than by the engine (`validateInputs: false` below): an input the engine
      // refuses leaves the run "pending" forever, while a step that throws marks it failed, with why.
      const parsed = negotiationWorkflowInputSchema.safeParse(rawInput);
      if (!parsed.success) throw new Error(`invalid workflow input:\n${describeValidationError(parsed.error)}`);
      const inputData = parsed.data;
      const identity = await resolveRunIdentity({
        requestContext,
        runId,
        input: inputData,
        authSecret: deps.authSecret,
      });
      // Each supplier priced for this quote's products, listed or not: adding a product changes no supplier.
      const quoted = inputData.products.map(productOfLine);
      const suppliers = invitedSuppliers(inputData.suppliers ?? BUILT_IN_SUPPLIERS, inputData.supplierIds).map(
        (supplier) => pricedFor(supplier, quoted),
      );
      const negotiationIds = negotiationIdsFor(
        identity,
        inputData,
        suppliers.map((s) => s.id),
      );
      // The input schema guarantees one negotiation id per invited supplier, in the same order.
      const pairs = suppliers.flatMap((supplier, index) => {
        const negotiationId = negotiationIds[index];
        return negotiationId ? [{ supplier, negotiationId }] : [];
      });
      const sink = deps.createSink(sinkTarget(identity, runId));
      // Empty on a first start. After a restart, each negotiation goes on from what it persisted.
      const journal = (await sink.journal?.(identity.quoteId)) ?? EMPTY_JOURNAL;
      const events = eventWriterCallbacks(writer);
      const callbacks = fanOut(events, sink);
      const brand = mastra.getAgentById(BRAND_AGENT_ID);
      // One agent for every supplier: each call names its supplier in the request context.
      const supplierAgent = mastra.getAgentById(SUPPLIER_AGENT_ID);
      // One view of the best offer per run: each negotiation's alternative is the others' best.
      const market = new MarketBoard();

      const settled = await Promise.allSettled(
        pairs.map(({ supplier, negotiationId }) => {
          // The time limit stands still while the negotiation waits for model capacity.
          const deadline = deps.negotiationTimeoutMs ? new PausableDeadline(deps.negotiationTimeoutMs) : undefined;
          const signal = deadline ? AbortSignal.any([abortSignal, deadline.signal]) : abortSignal;
          const scope = {
            runKey: identity.quoteId,
            onWaitingChange: (waiting: boolean, reason: string) => {
              if (waiting) deadline?.pause();
              else deadline?.resume();
              events.onModelWait({ negotiationId, supplierId: supplier.id, waiting, reason });
            },
          };
          return budgetScope
            .run(scope, () =>
              runSupplierNegotiation(
                supplier,
                {
                  negotiationId,
                  quote: inputData,
                  maxRounds: inputData.maxRounds,
                  agents: { brand, supplier: supplierAgent },
                  market,
                  ...(journal.has(negotiationId) ? { resumeFrom: journal.get(negotiationId) } : {}),
                  ...(deps.modelCallTimeoutMs ? { modelCallTimeoutMs: deps.modelCallTimeoutMs } : {}),
                },
                callbacks,
                signal,
              ),
            )
            .finally(() => deadline?.clear());
        }),
      );
      // A rejection means a bug outside the engine's own error handling; it still only fails its supplier.
      const results = settled.map((outcome, index): NegotiationResult => {
        if (outcome.status === "fulfilled") return outcome.value;
        const { supplier, negotiationId } = pairs[index]!;
        const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        callbacks.onStatusChange({ negotiationId, supplierId: supplier.id, status: "failed", round: 0, reason });
        return {
          negotiationId,
          supplierId: supplier.id,
          supplierName: supplier.name,
          supplierRecord: supplierRecordOf(supplier),
          status: "failed",
          rounds: 0,
          reason,
          messageCount: 0,
          usage: ZERO_USAGE,
          durationMs: Date.now() - startedAt,
        };
      });
      const [delivery] = await Promise.all([sink.flush(), events.drain()]);
      logUndelivered(delivery);
      return {
        quoteId: identity.quoteId,
        userId: identity.userId,
        priorities: inputData.priorities,
        ...(inputData.buyerValues ? { buyerValues: inputData.buyerValues } : {}),
        products: inputData.products,
        ...(inputData.maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays: inputData.maxLeadTimeDays }),
        results,
        wallTimeMs: Date.now() - startedAt,
        delivery,
      };
    },
  });

  const evaluate = createStep({
    id: "evaluate-offers",
    description: "Scores each agreed deal by the buyer's weighted priorities and recommends the best.",
    inputSchema: negotiationsOutputSchema,
    outputSchema: negotiationWorkflowOutputSchema,
    execute: async ({ inputData, requestContext, runId }) => {
      const { priorities, buyerValues, userId, products, maxLeadTimeDays, ...rest } = inputData;
      const recommendation = evaluateOffers(inputData.results, priorities, { products, maxLeadTimeDays }, buyerValues);
      const identity = await resolveRunIdentity({
        requestContext,
        runId,
        input: { quoteId: inputData.quoteId, userId },
        authSecret: deps.authSecret,
      });
      const sink = deps.createSink(sinkTarget(identity, runId));
      sink.recordRecommendation(inputData.quoteId, recommendation);
      const report = await sink.flush();
      logUndelivered(report);
      return { ...rest, recommendation, delivery: mergeReports(inputData.delivery, report) };
    },
  });

  return createWorkflow({
    id: "negotiation-workflow",
    description: "Negotiates a buyer's quote with every supplier concurrently and recommends the best deal.",
    inputSchema: negotiationWorkflowInputSchema,
    outputSchema: negotiationWorkflowOutputSchema,
    options: {
      // Mastra's own sweep restarts interrupted runs one after another, each awaited to its end; the
      // server resumes them side by side instead (resume-interrupted-runs.ts).
      autoRestartActiveRuns: false,
      // The first step checks the input itself and fails the run with the reason (see there).
      validateInputs: false,
      // A step that throws is a bug, not a negotiation outcome; still, the quote must say so.
      onFinish: async ({ status, error, getInitData, requestContext, runId }) => {
        deps.claims?.release(runId);
        if (status !== "failed") return;
        const reason = `the negotiation run failed: ${error?.message ?? "unknown error"}`;
        let identity: RunIdentity;
        try {
          // The input may be the very thing that failed: only string ids are taken from it.
          const init: unknown = getInitData();
          const given = (key: "quoteId" | "userId") => {
            const value =
              typeof init === "object" && init !== null ? (init as Record<string, unknown>)[key] : undefined;
            return typeof value === "string" && value.length > 0 ? value : undefined;
          };
          identity = await resolveRunIdentity({
            requestContext,
            runId,
            input: { quoteId: given("quoteId"), userId: given("userId") },
            authSecret: deps.authSecret,
          });
        } catch (refusal) {
          // A run whose grant does not match writes nowhere; the reason stays in the server log.
          console.error(`${reason} (not reported: ${refusal instanceof Error ? refusal.message : String(refusal)})`);
          return;
        }
        const sink = deps.createSink(sinkTarget(identity, runId));
        sink.recordFailure(identity.quoteId, reason);
        logUndelivered(await sink.flush());
      },
    },
  })
    .then(runNegotiations)
    .then(evaluate)
    .commit();
}

function logUndelivered(report: DeliveryReport): void {
  if (report.undelivered.length === 0) return;
  console.error(`${report.undelivered.length} write(s) to ${report.destination} could not be delivered:`);
  for (const write of report.undelivered) {
    console.error(
      `  negotiation ${write.negotiationId} ${write.kind}${write.sequence === undefined ? "" : ` #${write.sequence}`}: ${write.reason}`,
    );
  }
}

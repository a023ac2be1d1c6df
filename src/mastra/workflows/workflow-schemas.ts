import { z } from "zod";
import { MAX_ID_LENGTH } from "../../domain/limits";
import { checkQuote, maxRoundsSchema, quoteFields } from "../../domain/quote";
import { checkDistinctSuppliers, checkInvitedSuppliers } from "../../domain/supplier-directory";
import { BUILT_IN_SUPPLIERS, MAX_SUPPLIERS_PER_QUOTE, supplierProfileSchema } from "../../domain/suppliers";
import { decisionSchema } from "../../domain/decision";
import { recommendationSchema } from "../evaluation/recommendation";
import { negotiationResultSchema } from "../negotiation/negotiation-types";

/** The negotiation workflow's input and output, and what its first step hands the second. */

export const awardModeSchema = z.enum(["buyer", "recommended", "none"]);
export type AwardMode = z.infer<typeof awardModeSchema>;

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
    /**
     * Who decides once the deals are in: "buyer" (the default) waits for the buyer's decision (the
     * run suspends; Convex, Studio or the terminal resume it), "recommended" awards the recommended
     * deal at once, "none" stops at the recommendation and tells the suppliers nothing more.
     */
    award: awardModeSchema.optional(),
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

/** What run-negotiations hands evaluate-offers: the results, and the quote facts the evaluation scores by. */
export const negotiationsOutputSchema = z.object({
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

/** What the run hands on once the buyer has decided (or, with nothing to decide, without a decision). */
export const decidedOutputSchema = negotiationWorkflowOutputSchema.extend({ decision: decisionSchema.optional() });

/** What the run told each supplier it had a deal with, after the decision. */
export const closingSchema = z.object({
  negotiationId: z.string(),
  supplierId: z.string(),
  outcome: z.enum(["awarded", "declined"]),
  /** The closing message's place in its negotiation. */
  sequence: z.number().int(),
  /** Why the closing message could not be written (the outcome stands). */
  error: z.string().optional(),
});
export type Closing = z.infer<typeof closingSchema>;

/** The run's end: the recommendation, the buyer's decision, and the closing word to every supplier with a deal. */
export const closedOutputSchema = decidedOutputSchema.extend({ closings: z.array(closingSchema) });
export type NegotiationWorkflowOutput = z.infer<typeof closedOutputSchema>;

/**
 * What a run waiting for suppliers who answer in person shows (Studio's suspended step): who, and
 * by when. Their reply, or the time running out, resumes it (supplier-turn-route.ts).
 */
export const awaitingRepliesSchema = z.object({
  waitingFor: z.array(
    z.object({ negotiationId: z.string(), supplierId: z.string(), supplierName: z.string(), replyBy: z.number() }),
  ),
});

/**
 * A run waiting for suppliers goes on when one replied or a time to reply ran out: it carries
 * nothing, since the run reads which from what was persisted and from the clock.
 */
export const supplierTurnResumeSchema = z.object({});

/** What a run waiting for the buyer shows (Studio's suspended step): the deals there are to award. */
export const awaitingDecisionSchema = z.object({
  recommendedSupplierId: z.string().nullable(),
  deals: z.array(z.object({ supplierId: z.string(), supplierName: z.string(), totalPrice: z.number() })),
  /** Why the last decision it was resumed with was refused. */
  problem: z.string().optional(),
});

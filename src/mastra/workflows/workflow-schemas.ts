import { z } from "zod";
import { MAX_ID_LENGTH } from "../../domain/limits";
import { checkQuote, maxRoundsSchema, quoteFields } from "../../domain/quote";
import { checkDistinctSuppliers, checkInvitedSuppliers } from "../../domain/supplier-directory";
import { BUILT_IN_SUPPLIERS, MAX_SUPPLIERS_PER_QUOTE, supplierProfileSchema } from "../../domain/suppliers";
import { recommendationSchema } from "../evaluation/recommendation";
import { negotiationResultSchema } from "../negotiation/negotiation-types";

/** The negotiation workflow's input and output, and what its first step hands the second. */

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
export type NegotiationWorkflowOutput = z.infer<typeof negotiationWorkflowOutputSchema>;

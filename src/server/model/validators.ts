import { v, type Infer, type ObjectType } from "convex/values";
import { omit } from "convex-helpers";
import { literals, vRequired } from "convex-helpers/validators";
import { zodOutputToConvex, zodToConvex } from "convex-helpers/server/zod4";
import { termsSchema } from "../../domain/offer";
import { productDetailsSchema, productSchema } from "../../domain/products";
import {
  buyerValuesSchema,
  maxRoundsSchema,
  prioritiesSchema,
  quoteFields as quoteRequestSchema,
  quoteLineSchema,
} from "../../domain/quote";
import { supplierProfileSchema } from "../../domain/suppliers";

/**
 * Value shapes shared by the schema and the function signatures, so a field means the same thing
 * wherever it is written or returned. Every shape the kernel (src/domain) has a zod schema for is
 * converted from it (convex-helpers' zod support), so a field added there reaches the tables and the
 * API. A Convex validator fixes only the shape: the zod schema stays the judge of the values
 * (bounds, whole numbers, cross-field checks), run by the functions themselves (quoteInput.ts,
 * termsCheck.ts, supplierDirectory.ts), which name the field in their refusal.
 */

export const quoteStatusValidator = literals("pending", "starting", "negotiating", "completed", "failed", "cancelled");
export type QuoteStatus = Infer<typeof quoteStatusValidator>;

/**
 * "completed" is a deal agreed subject to the buyer's approval; "awarded" and "declined" are what the
 * buyer made of it. "waiting": the brand agent waits for a supplier who answers in person.
 */
export const negotiationStatusValidator = literals(
  "pending",
  "active",
  "waiting",
  "completed",
  "impasse",
  "failed",
  "cancelled",
  "awarded",
  "declined",
);
export type NegotiationStatus = Infer<typeof negotiationStatusValidator>;

export const senderValidator = literals("brand", "supplier", "user");
export type Sender = Infer<typeof senderValidator>;

/** What a product is, apart from its id (the domain's `productDetailsSchema`). */
export const productDetailsValidator = zodToConvex(productDetailsSchema);

/** A line as the quote keeps it and the run is told it: with the product as it was when quoted (`quoteLineSchema`). */
export const productLineValidator = zodToConvex(quoteLineSchema);
/** A line as the buyer asks for it: a product from their catalog by id (Convex fills in the product). */
export const requestedLineValidator = productLineValidator.omit("product");
export type ProductLine = Infer<typeof productLineValidator>;
export type RequestedLine = Infer<typeof requestedLineValidator>;

/** The `products` table: the operator's catalog (no owner) and each buyer's own products (products.ts). */
export const productFields = {
  ...productDetailsValidator.fields,
  productId: v.string(),
  /** The buyer whose own product this is; absent for the operator's catalog, which every buyer sees. */
  ownerId: v.optional(v.string()),
  /** Lower-cased name: searched by prefix, so a catalog of thousands stays fast. */
  nameKey: v.string(),
  /** Set when retired: no new quote may name it; quotes that did keep their snapshot. */
  retired: v.boolean(),
  updatedAt: v.number(),
};

/** A product as a buyer sees it in the form (the domain's `productSchema`). */
export const productValidator = zodToConvex(productSchema).extend({
  /** Whether it is the buyer's own (added from the form), not the operator's catalog. */
  own: v.boolean(),
});
export type ProductView = Infer<typeof productValidator>;

export const prioritiesValidator = zodToConvex(prioritiesSchema);
export type Priorities = Infer<typeof prioritiesValidator>;

/** What the buyer says a day of lead time and a month of credit are worth (the domain's `buyerValuesSchema`). */
export const buyerValuesValidator = zodToConvex(buyerValuesSchema);
export type BuyerValues = Infer<typeof buyerValuesValidator>;

/** Every issue on the table at once: the domain's `termsSchema`. */
export const termsValidator = zodToConvex(termsSchema);
export type Terms = Infer<typeof termsValidator>;

export const messageMetadataValidator = v.object({
  model: v.optional(v.string()),
  inputTokens: v.optional(v.number()),
  outputTokens: v.optional(v.number()),
  totalTokens: v.optional(v.number()),
  decision: v.optional(v.string()),
  terms: v.optional(termsValidator),
  guardrail: v.optional(v.string()),
  /** Set when the text stopped mid-stream (crash, cancel) and was closed by the server. */
  interrupted: v.optional(v.boolean()),
  toolCalls: v.optional(v.array(v.object({ name: v.string(), args: v.string() }))),
});
export type MessageMetadata = Infer<typeof messageMetadataValidator>;

/**
 * The recommendation as Convex keeps it: the workflow's evaluation (`recommendationSchema`, in
 * src/mastra, which Convex may not import) reshaped by the run's persister into Convex ids.
 */
export const rankedOfferValidator = v.object({
  supplierId: v.string(),
  supplierName: v.string(),
  totalPrice: v.number(),
  leadTimeDays: v.number(),
  paymentTerms: v.string(),
  score: v.number(),
  /** Optional extras the evaluator has (src/mastra/evaluation/evaluate-offers.ts). */
  negotiationId: v.optional(v.id("negotiations")),
  criteria: v.optional(prioritiesValidator),
});

export const recommendationValidator = v.object({
  recommendedSupplierId: v.union(v.string(), v.null()),
  recommendedNegotiationId: v.optional(v.id("negotiations")),
  explanation: v.string(),
  ranking: v.array(rankedOfferValidator),
});
export type Recommendation = Infer<typeof recommendationValidator>;

/**
 * A supplier's profile: the domain's `supplierProfileSchema` (src/domain/suppliers.ts), what the
 * workflow's input carries. suppliers.ts in this folder parses every profile with it before writing.
 */
export const supplierProfileValidator = zodToConvex(supplierProfileSchema);

/**
 * A row of the `suppliers` table: a profile with its id kept as `supplierId` (beside Convex's own
 * `_id`). Everything but the public fields below is the supplier's private business: floors,
 * reservation spread, costs and concession style reach the workflow only, never a buyer.
 */
export const supplierFields = {
  ...supplierProfileValidator.omit("id").fields,
  supplierId: v.string(),
  updatedAt: v.number(),
  /** Set when an operator retired the supplier: no new quote may invite it (`suppliers:retire`). */
  retiredAt: v.optional(v.number()),
};

/** What a buyer may see of a supplier: enough to choose whom to invite, nothing to negotiate against. */
export const PUBLIC_SUPPLIER_FIELDS = ["id", "name", "country", "quality", "onTimeRate", "leadTimeDays"] as const;
export const publicSupplierValidator = supplierProfileValidator.pick(...PUBLIC_SUPPLIER_FIELDS);
export type PublicSupplier = Infer<typeof publicSupplierValidator>;

/**
 * A buyer's request in the shape the domain's `quoteFields` give it once parsed (defaults applied):
 * so `userNotes` is required, as `quotes.create` always had it (the buyer's page always sends it;
 * the zod default serves quote files and Studio).
 */
const requestFields = zodOutputToConvex(quoteRequestSchema).fields;

/**
 * `quotes.create`'s arguments: the request with its lines as the buyer names them (Convex fills in
 * each product from the buyer's catalog), and the round count its zod schema defaults when left out.
 */
export const quoteRequestArgs = {
  ...requestFields,
  products: v.array(requestedLineValidator),
  maxRounds: zodToConvex(maxRoundsSchema),
};
export type QuoteRequestArgs = ObjectType<typeof quoteRequestArgs>;

/** A request checked and completed: every supplier in the directory invited when it named none, the rounds set. */
export const validQuoteFields = {
  ...requestFields,
  supplierIds: vRequired(requestFields.supplierIds),
  maxRounds: zodOutputToConvex(maxRoundsSchema),
};
export type ValidQuote = ObjectType<typeof validQuoteFields>;

/** What the buyer decided, by whom and when: kept for good (the audit trail has it too). */
export const decisionRecordValidator = v.object({
  kind: literals("award", "decline"),
  /** The awarded deal (an award only). */
  negotiationId: v.optional(v.id("negotiations")),
  supplierId: v.optional(v.string()),
  supplierName: v.optional(v.string()),
  /** Why, in the buyer's words: required when the award is not the recommended deal. */
  reason: v.optional(v.string()),
  decidedBy: v.string(),
  decidedAt: v.number(),
});
export type DecisionRecord = Infer<typeof decisionRecordValidator>;

/**
 * How the decision reached the run, so it can close every negotiation: "sending" until the
 * negotiation service took it, then "sent"; "failed" (with the reason) when it could not be reached
 * after every retry. The outcome stands either way: the columns already say awarded and declined.
 */
export const decisionDeliveryValidator = v.object({
  state: literals("sending", "sent", "failed"),
  attempts: v.number(),
  problem: v.optional(v.string()),
});

export const purchaseOrderLineValidator = v.object({
  productId: v.string(),
  productName: v.string(),
  unit: v.string(),
  quantity: v.number(),
  unitPrice: v.number(),
  lineTotal: v.number(),
});

/**
 * The purchase order an award issues, written once with it and never changed: the awarded deal's
 * terms, and what it is measured against for the savings (the supplier's first offer, its list
 * prices, the buyer's limit).
 */
export const purchaseOrderValidator = v.object({
  number: v.string(),
  issuedAt: v.number(),
  buyerName: v.string(),
  supplierId: v.string(),
  supplierName: v.string(),
  supplierCountry: v.optional(v.string()),
  lines: v.array(purchaseOrderLineValidator),
  total: v.number(),
  leadTimeDays: v.number(),
  deliveryBy: v.number(),
  paymentTerms: v.string(),
  validityDays: v.number(),
  validUntil: v.number(),
  firstOfferTotal: v.optional(v.number()),
  listTotal: v.optional(v.number()),
  limitTotal: v.optional(v.number()),
});
export type PurchaseOrder = Infer<typeof purchaseOrderValidator>;

/** One entry of a quote's audit trail: who did what, when. Written once, never changed or removed. */
export const quoteEventFields = {
  quoteId: v.id("quotes"),
  at: v.number(),
  actorId: v.string(),
  action: literals("requested", "cancelled", "awarded", "declined"),
  detail: v.string(),
};

/** Table fields, also used to build the document validators the queries return. */
export const quoteFields = {
  /** The Convex Auth user id of the buyer who created the quote; every read is scoped to it. */
  ownerId: v.string(),
  ...validQuoteFields,
  status: quoteStatusValidator,
  workflowRunId: v.optional(v.string()),
  /**
   * SHA-256 (hex) of the current run's write token (runWriteAccess.ts). Set when the run is created;
   * only that run's token opens this quote's write functions. Never returned to the buyer.
   */
  writeTokenHash: v.optional(v.string()),
  recommendation: v.optional(recommendationValidator),
  error: v.optional(v.string()),
  /** A failure the run reported after its result was recorded: kept apart, the result stands. */
  lateError: v.optional(v.string()),
  /**
   * Set while the watchdog has stopped hearing from the run and is asking the negotiation service to
   * resume it (workflowWatchdog.ts): the buyer sees "reconnecting", not an error. Cleared once it answers.
   */
  reconnecting: v.optional(v.boolean()),
  /**
   * When the run last went on after waiting for a supplier who answers in person (supplierTurns.ts):
   * the watchdog counts the run's age from here, not from the quote's creation days ago.
   */
  runResumedAt: v.optional(v.number()),
  /** Set while the watchdog has stopped looking because the run waits for a supplier answering in person. */
  watchPaused: v.optional(v.boolean()),
  /** The buyer's decision on the deals, once made (quotes.decide): final. */
  decision: v.optional(decisionRecordValidator),
  decisionDelivery: v.optional(decisionDeliveryValidator),
  /** Issued with an award. */
  purchaseOrder: v.optional(purchaseOrderValidator),
  createdAt: v.number(),
  updatedAt: v.number(),
};

/**
 * The workflow's input for a quote Convex starts (the workflow checks it with its own
 * `negotiationWorkflowInputSchema`, built on the same domain schemas): the valid quote, the ids of
 * the run's quote and negotiations, and the invited suppliers' profiles in `supplierIds` order.
 */
export const negotiationRunInputValidator = v.object({
  quoteId: v.id("quotes"),
  userId: quoteFields.ownerId,
  ...validQuoteFields,
  /** One per supplier, in `supplierIds` order. */
  negotiationIds: v.array(v.id("negotiations")),
  /** Snapshotted from the `suppliers` table when the run starts. Private to the workflow: never shown to the buyer. */
  suppliers: v.array(supplierProfileValidator),
});
export type NegotiationRunInput = Infer<typeof negotiationRunInputValidator>;

export const negotiationFields = {
  quoteId: v.id("quotes"),
  supplierId: v.string(),
  supplierName: v.string(),
  status: negotiationStatusValidator,
  roundCount: v.number(),
  latestOffer: v.optional(termsValidator),
  /** Sequence of the message the latest offer came with, so a late retry of an older offer loses. */
  latestOfferSequence: v.optional(v.number()),
  finalOffer: v.optional(termsValidator),
  /** When the deal was agreed: its validity counts from here. */
  agreedAt: v.optional(v.number()),
  /** The order at this supplier's published prices when the quote was made: a saving's baseline. */
  listTotal: v.optional(v.number()),
  /** Set with the buyer's decision: the sequence of the brand's closing message, the one message it may still take. */
  closingSequence: v.optional(v.number()),
  /**
   * Set when the supplier answers in person: which of its private links opens this negotiation
   * (supplierLink.ts). The buyer revokes a link by setting `revoked`, and reissues one by moving
   * `generation` on, which closes every earlier link.
   */
  supplierLink: v.optional(v.object({ generation: v.number(), revoked: v.boolean() })),
  /** While "waiting": when the supplier's time to reply runs out. */
  replyBy: v.optional(v.number()),
  /** The latest email of the private link to the supplier (supplierInvitations.ts), and how it went. */
  invitation: v.optional(
    v.object({
      email: v.string(),
      state: literals("sending", "sent", "failed"),
      problem: v.optional(v.string()),
      at: v.number(),
    }),
  ),
  error: v.optional(v.string()),
  updatedAt: v.number(),
};

export const messageFields = {
  negotiationId: v.id("negotiations"),
  /** Denormalised from the negotiation so a message can be scoped to its quote's owner directly. */
  quoteId: v.id("quotes"),
  /** Assigned by the writer, 0-based per negotiation; the idempotency key with `negotiationId`. */
  sequence: v.number(),
  sender: senderValidator,
  content: v.string(),
  isPartial: v.boolean(),
  createdAt: v.number(),
  updatedAt: v.number(),
  metadata: v.optional(messageMetadataValidator),
};

/**
 * A chunk of a streaming message's text: `text` belongs at offset `start` of the message, after its
 * stored `content` and every earlier chunk. Only appended, so a write costs the new text, not all of it.
 */
export const messageDeltaFields = {
  messageId: v.id("messages"),
  start: v.number(),
  text: v.string(),
};

/** A message as the workflow's run writes it (`negotiations.addMessage`, `streamMessage`): all but what Convex sets. */
export const messageWriteFields = omit(messageFields, ["quoteId", "updatedAt"]);
export type MessageWrite = ObjectType<typeof messageWriteFields>;

/** A quote as its buyer reads it: everything but the hash of its run's write token. */
export const quoteDocValidator = v
  .object({ _id: v.id("quotes"), _creationTime: v.number(), ...quoteFields })
  .omit("writeTokenHash");
/** A negotiation as its buyer reads it: the list-price baseline stays with the order it is for. */
export const negotiationDocValidator = v
  .object({
    _id: v.id("negotiations"),
    _creationTime: v.number(),
    ...negotiationFields,
  })
  .omit("listTotal");
export const messageDocValidator = v.object({ _id: v.id("messages"), _creationTime: v.number(), ...messageFields });

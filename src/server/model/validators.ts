import { v, type Infer } from "convex/values";
import { PAYMENT_TERMS } from "./catalog";

/**
 * Value shapes shared by the schema and the function signatures, so a field means the same thing
 * wherever it is written or returned.
 */

export const quoteStatusValidator = v.union(
  v.literal("pending"),
  v.literal("starting"),
  v.literal("negotiating"),
  v.literal("completed"),
  v.literal("failed"),
  v.literal("cancelled"),
);
export type QuoteStatus = Infer<typeof quoteStatusValidator>;

export const negotiationStatusValidator = v.union(
  v.literal("pending"),
  v.literal("active"),
  v.literal("completed"),
  v.literal("impasse"),
  v.literal("failed"),
  v.literal("cancelled"),
);
export type NegotiationStatus = Infer<typeof negotiationStatusValidator>;

export const senderValidator = v.union(v.literal("brand"), v.literal("supplier"), v.literal("user"));
export type Sender = Infer<typeof senderValidator>;

/** What a product is, apart from its id (the domain's `productDetailsSchema`). */
export const productDetailsValidator = v.object({
  name: v.string(),
  unit: v.string(),
  referenceUnitPrice: v.number(),
  specification: v.optional(v.string()),
});

/** A line as the buyer asks for it: a product from their catalog by id. */
export const requestedLineValidator = v.object({
  productId: v.string(),
  quantity: v.number(),
  maxUnitPrice: v.optional(v.number()),
});

/** A line as the quote keeps it and the run is told it: with the product as it was when quoted. */
export const productLineValidator = v.object({
  ...requestedLineValidator.fields,
  product: v.optional(productDetailsValidator),
});
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

/** A product as a buyer sees it in the form. */
export const productValidator = v.object({
  id: v.string(),
  ...productDetailsValidator.fields,
  /** Whether it is the buyer's own (added from the form), not the operator's catalog. */
  own: v.boolean(),
});
export type ProductView = Infer<typeof productValidator>;

export const prioritiesValidator = v.object({
  price: v.number(),
  quality: v.number(),
  speed: v.number(),
  reliability: v.number(),
});
export type Priorities = Infer<typeof prioritiesValidator>;

/** What the buyer says a day of lead time and a month of credit are worth, in percent of the order
 *  (the domain's `buyerValuesSchema`); each derived from the priorities when left out. */
export const buyerValuesValidator = v.object({
  leadTimeDayPercent: v.optional(v.number()),
  creditMonthPercent: v.optional(v.number()),
});
export type BuyerValues = Infer<typeof buyerValuesValidator>;

/** "net-30" and the like, the same list the workflow's offers are checked against. */
export const paymentTermsValidator = v.union(...PAYMENT_TERMS.map((terms) => v.literal(terms)));

/** Every issue on the table at once, as the workflow's `termsSchema` (src/domain/offer.ts). */
export const termsValidator = v.object({
  lines: v.array(v.object({ productId: v.string(), quantity: v.number(), unitPrice: v.number() })),
  leadTimeDays: v.number(),
  paymentTerms: paymentTermsValidator,
  validityDays: v.number(),
});
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

/** Prices of the products a supplier lists, keyed by product id. */
const listPricesValidator = v.record(v.string(), v.number());

/**
 * A supplier's profile in the shape of the domain's `supplierProfileSchema`
 * (src/domain/suppliers.ts): what the workflow's input carries. The zod schema is the judge
 * of what a valid profile is (suppliers.ts in this folder parses every profile before writing it);
 * this validator only fixes the shape, so a change to one without the other fails the typecheck.
 */
export const supplierProfileValidator = v.object({
  id: v.string(),
  name: v.string(),
  country: v.string(),
  listPrices: listPricesValidator,
  priceIndex: v.optional(v.number()),
  floorRatio: v.number(),
  concessionStyle: v.number(),
  quality: v.number(),
  onTimeRate: v.number(),
  leadTimeDays: v.number(),
  fastestLeadTimeDays: v.number(),
  minOrderQuantity: v.number(),
  openingPaymentTerms: paymentTermsValidator,
  mostFlexiblePaymentTerms: paymentTermsValidator,
  rushCostPerDay: v.number(),
  capitalCostPerYear: v.number(),
  reservationSpread: v.number(),
  voice: v.union(v.literal("formal"), v.literal("warm"), v.literal("brisk")),
});

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
export const publicSupplierValidator = v.object({
  id: v.string(),
  name: v.string(),
  country: v.string(),
  quality: v.number(),
  onTimeRate: v.number(),
  leadTimeDays: v.number(),
});
export type PublicSupplier = Infer<typeof publicSupplierValidator>;

/** Table fields, also used to build the document validators the queries return. */
export const quoteFields = {
  /** The Convex Auth user id of the buyer who created the quote; every read is scoped to it. */
  ownerId: v.string(),
  products: v.array(productLineValidator),
  priorities: prioritiesValidator,
  buyerValues: v.optional(buyerValuesValidator),
  userNotes: v.string(),
  maxLeadTimeDays: v.optional(v.number()),
  supplierIds: v.array(v.string()),
  maxRounds: v.number(),
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
  createdAt: v.number(),
  updatedAt: v.number(),
};

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

/** A quote as its buyer reads it: everything but the hash of its run's write token. */
export const quoteDocValidator = v
  .object({ _id: v.id("quotes"), _creationTime: v.number(), ...quoteFields })
  .omit("writeTokenHash");
export const negotiationDocValidator = v.object({
  _id: v.id("negotiations"),
  _creationTime: v.number(),
  ...negotiationFields,
});
export const messageDocValidator = v.object({ _id: v.id("messages"), _creationTime: v.number(), ...messageFields });

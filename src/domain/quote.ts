import { z } from "zod";
import { MAX_DAYS, MAX_NOTES_LENGTH, MAX_PRIORITY_WEIGHT, MAX_QUANTITY, MAX_UNIT_PRICE } from "./limits";
import {
  builtInProduct,
  MAX_LINES_PER_QUOTE,
  productDetailsSchema,
  productIdSchema,
  unknownProductMessage,
  type Product,
  type ProductId,
} from "./products";
import { MAX_SUPPLIERS_PER_QUOTE, supplierIdSchema } from "./suppliers";

const finiteNumber = (field: string) =>
  z.number({ error: `${field} must be a number` }).refine(Number.isFinite, `${field} must be a finite number`);

export const quoteLineSchema = z.object({
  productId: productIdSchema,
  quantity: z
    .number({ error: "quantity must be a number" })
    .int("quantity must be a whole number")
    .positive("quantity must be greater than 0")
    .max(MAX_QUANTITY, `quantity must be at most ${MAX_QUANTITY.toLocaleString("en-US")}`),
  /** The most the buyer will pay per unit. The brand agent may never accept above it. */
  maxUnitPrice: z
    .number()
    .positive("maxUnitPrice must be greater than 0")
    .max(MAX_UNIT_PRICE, `maxUnitPrice must be at most ${MAX_UNIT_PRICE.toLocaleString("en-US")}`)
    .optional(),
  /**
   * What the product is, as the run is told it (Convex copies it from the buyer's catalog, a CLI
   * quote file may give it inline). Without it the line names a built-in product.
   */
  product: productDetailsSchema.optional(),
});
export type QuoteLine = z.infer<typeof quoteLineSchema>;

/** The product a line quotes: its own data, else the built-in product of that id. */
export function productOfLine(line: Pick<QuoteLine, "productId" | "product">): Product {
  if (line.product) return { id: line.productId, ...line.product };
  const builtIn = builtInProduct(line.productId);
  if (!builtIn) throw new Error(unknownProductMessage(line.productId));
  return builtIn;
}

const weight = (name: string) =>
  finiteNumber(name)
    .refine((w) => w >= 0, `${name} must not be negative`)
    .refine((w) => w <= MAX_PRIORITY_WEIGHT, `${name} must be at most ${MAX_PRIORITY_WEIGHT}`);

/** How much the buyer cares about each criterion. Any non-negative scale; normalised when scoring. */
export const prioritiesSchema = z
  .object({
    price: weight("price"),
    quality: weight("quality"),
    speed: weight("speed"),
    reliability: weight("reliability"),
  })
  .refine((p) => p.price + p.quality + p.speed + p.reliability > 0, "at least one priority weight must be above 0");
export type Priorities = z.infer<typeof prioritiesSchema>;

const percent = (name: string, max: number) =>
  finiteNumber(name)
    .refine((value) => value >= 0, `${name} must not be negative`)
    .refine((value) => value <= max, `${name} must be at most ${max} (percent of the order's value)`);

/**
 * What the buyer says time and credit are worth, as a percent of the order's value. Both optional:
 * when left out they follow from the priorities (domain/utility.ts, `buyerValuesOf`): a day of lead
 * time is worth 1 % × speed / (price + speed), a month of credit 1 % (12 % a year). The brand trades
 * lead time and payment terms by them, the evaluation scores by them, the tournament measures by them.
 */
export const buyerValuesSchema = z.object({
  /** What getting the order one day sooner is worth, in percent of the order's value. */
  leadTimeDayPercent: percent("leadTimeDayPercent", 5).optional(),
  /** What paying one month (30 days) later is worth, in percent of the order's value. */
  creditMonthPercent: percent("creditMonthPercent", 10).optional(),
});
export type BuyerValues = z.infer<typeof buyerValuesSchema>;

/** An in-person supplier's time to answer each message when the quote does not say: 48 hours. */
export const DEFAULT_REPLY_WITHIN_SECONDS = 48 * 60 * 60;
const MAX_REPLY_WITHIN_SECONDS = 30 * 24 * 60 * 60;

export const quoteFields = z.object({
  products: z
    .array(quoteLineSchema)
    .min(1, "at least one product is required")
    .max(MAX_LINES_PER_QUOTE, `at most ${MAX_LINES_PER_QUOTE} products (one line per product)`),
  priorities: prioritiesSchema,
  buyerValues: buyerValuesSchema.optional(),
  userNotes: z
    .string({ error: "userNotes must be text" })
    .max(MAX_NOTES_LENGTH, `userNotes must be at most ${MAX_NOTES_LENGTH} characters`)
    .default(""),
  /** Longest acceptable lead time; the brand never accepts a slower delivery. */
  maxLeadTimeDays: z
    .number({ error: "maxLeadTimeDays must be a number of days" })
    .int("maxLeadTimeDays must be a whole number of days")
    .positive("maxLeadTimeDays must be greater than 0")
    .max(MAX_DAYS, `maxLeadTimeDays must be at most ${MAX_DAYS}`)
    .optional(),
  /**
   * Which suppliers to negotiate with, by id; every supplier in the directory when omitted. Which
   * ids exist is the directory's to say (Convex's suppliers table, a supplier file): see
   * supplier-directory.ts.
   */
  supplierIds: z
    .array(supplierIdSchema)
    .min(1, "supplierIds must name at least one supplier")
    .max(MAX_SUPPLIERS_PER_QUOTE, `supplierIds may name at most ${MAX_SUPPLIERS_PER_QUOTE} suppliers`)
    .optional(),
  /**
   * The invited suppliers who answer in person, through a private link, instead of by their AI
   * agent: the brand agent waits for each of their replies (supplier-reply.ts).
   */
  inPersonSupplierIds: z
    .array(supplierIdSchema)
    .max(MAX_SUPPLIERS_PER_QUOTE, `inPersonSupplierIds may name at most ${MAX_SUPPLIERS_PER_QUOTE} suppliers`)
    .optional(),
  /**
   * How long a supplier answering in person has to reply to each message, in seconds; 48 hours when
   * left out (`replyWindowMs`). Past it their negotiation ends as "no reply".
   */
  replyWithinSeconds: z
    .number({ error: "replyWithinSeconds must be a number of seconds" })
    .int("replyWithinSeconds must be a whole number of seconds")
    .min(1, "replyWithinSeconds must be at least 1")
    .max(MAX_REPLY_WITHIN_SECONDS, `replyWithinSeconds must be at most ${MAX_REPLY_WITHIN_SECONDS} (30 days)`)
    .optional(),
});

/** How long an in-person supplier has to answer each message of this quote. */
export function replyWindowMs(quote: { replyWithinSeconds?: number | undefined }): number {
  return (quote.replyWithinSeconds ?? DEFAULT_REPLY_WITHIN_SECONDS) * 1000;
}

/** Whether this supplier answers the quote in person (through its private link) rather than by its agent. */
export function answersInPerson(quote: { inPersonSupplierIds?: readonly string[] | undefined }, supplierId: string) {
  return quote.inPersonSupplierIds?.includes(supplierId) ?? false;
}

/** Cross-field checks shared by every schema built on the quote fields. */
export function checkQuote(quote: z.infer<typeof quoteFields>, ctx: z.RefinementCtx): void {
  const seen = new Set<ProductId>();
  quote.products.forEach((line, index) => {
    if (seen.has(line.productId)) {
      ctx.addIssue({
        code: "custom",
        path: ["products", index, "productId"],
        message: `"${line.productId}" is listed twice`,
      });
    }
    seen.add(line.productId);
    if (!line.product && !builtInProduct(line.productId)) {
      ctx.addIssue({
        code: "custom",
        path: ["products", index, "productId"],
        message: unknownProductMessage(line.productId),
      });
    }
  });
  const suppliers = new Set<string>();
  quote.supplierIds?.forEach((supplierId, index) => {
    if (suppliers.has(supplierId)) {
      ctx.addIssue({ code: "custom", path: ["supplierIds", index], message: `"${supplierId}" is listed twice` });
    }
    suppliers.add(supplierId);
  });
  const inPerson = new Set<string>();
  quote.inPersonSupplierIds?.forEach((supplierId, index) => {
    const path = ["inPersonSupplierIds", index];
    if (inPerson.has(supplierId)) ctx.addIssue({ code: "custom", path, message: `"${supplierId}" is listed twice` });
    else if (quote.supplierIds && !suppliers.has(supplierId)) {
      ctx.addIssue({ code: "custom", path, message: `"${supplierId}" is not one of the invited suppliers` });
    }
    inPerson.add(supplierId);
  });
}

export const quoteRequestSchema = quoteFields.superRefine(checkQuote);
export type QuoteRequest = z.infer<typeof quoteRequestSchema>;

/** Supplier offers per negotiation before the brand's last word. */
export const DEFAULT_MAX_ROUNDS = 4;
export const MAX_ROUNDS_LIMIT = 12;
const maxRoundsMessage = `maxRounds must be a whole number from 1 to ${MAX_ROUNDS_LIMIT}`;
export const maxRoundsSchema = z
  .number({ error: maxRoundsMessage })
  .int(maxRoundsMessage)
  .min(1, maxRoundsMessage)
  .max(MAX_ROUNDS_LIMIT, maxRoundsMessage)
  .default(DEFAULT_MAX_ROUNDS);

/** The per-unit price the brand must never exceed: the buyer's own limit, else 10% over market. */
export function unitPriceLimit(line: Pick<QuoteLine, "productId" | "product" | "maxUnitPrice">): number {
  return line.maxUnitPrice ?? Math.round(productOfLine(line).referenceUnitPrice * 110) / 100;
}

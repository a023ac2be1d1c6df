import { roundCents } from "../../domain/money";
import { totalPrice, type Terms } from "../../domain/offer";
import { productOfLine } from "../../domain/quote";
import { deliveryDate, offerExpiresAt } from "../../domain/decision";
import { limitTotalOf, listTotalOf } from "../../domain/savings";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { MAX_MESSAGES_PER_NEGOTIATION } from "./catalog";
import { findSupplier, toProfile } from "./supplierDirectory";
import type { PurchaseOrder } from "./validators";

/** A deal the buyer may award: a negotiation that ended in agreed terms. */
export type AgreedNegotiation = Doc<"negotiations"> & { finalOffer: Terms };

/** When the deal was agreed; negotiations written before that was kept count from their last change. */
export function dealExpiresAt(negotiation: AgreedNegotiation): number {
  return offerExpiresAt(negotiation.agreedAt ?? negotiation.updatedAt, negotiation.finalOffer.validityDays);
}

/**
 * The purchase order an award issues: numbered in sequence across the deployment, the awarded
 * terms line by line with the products as quoted, the delivery date the lead time gives from today,
 * and the baselines the saving is measured against.
 */
export async function issuePurchaseOrder(
  ctx: MutationCtx,
  quote: Doc<"quotes">,
  deal: AgreedNegotiation,
  buyerName: string,
  now: number,
): Promise<PurchaseOrder> {
  const terms = deal.finalOffer;
  const products = quote.products.map(productOfLine);
  const lines = terms.lines.map((line) => {
    const product = products.find((p) => p.id === line.productId);
    return {
      productId: line.productId,
      productName: product?.name ?? line.productId,
      unit: product?.unit ?? "unit",
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineTotal: roundCents(line.quantity * line.unitPrice),
    };
  });
  const supplier = await findSupplier(ctx, deal.supplierId);
  const firstOfferTotal = await firstOfferTotalOf(ctx, deal._id);
  // As the supplier's prices stood when the quote was made; negotiations from before that was kept
  // fall back to its prices now.
  const listTotal = deal.listTotal ?? (supplier ? listTotalOf(toProfile(supplier), quote.products) : undefined);
  const limitTotal = limitTotalOf(quote.products);
  return {
    number: await nextPurchaseOrderNumber(ctx, now),
    issuedAt: now,
    buyerName,
    supplierId: deal.supplierId,
    supplierName: deal.supplierName,
    ...(supplier ? { supplierCountry: supplier.country } : {}),
    lines,
    total: roundCents(totalPrice(terms)),
    leadTimeDays: terms.leadTimeDays,
    deliveryBy: deliveryDate(now, terms.leadTimeDays),
    paymentTerms: terms.paymentTerms,
    validityDays: terms.validityDays,
    validUntil: dealExpiresAt(deal),
    ...(firstOfferTotal === undefined ? {} : { firstOfferTotal }),
    ...(listTotal === undefined ? {} : { listTotal }),
    ...(limitTotal === undefined ? {} : { limitTotal }),
  };
}

/** PO-<year>-<five digits>, one after the other: a counter row, so two awards never share a number. */
async function nextPurchaseOrderNumber(ctx: MutationCtx, now: number): Promise<string> {
  const counter = await ctx.db
    .query("counters")
    .withIndex("by_name", (q) => q.eq("name", "purchaseOrder"))
    .unique();
  const value = (counter?.value ?? 0) + 1;
  if (counter) await ctx.db.patch("counters", counter._id, { value });
  else await ctx.db.insert("counters", { name: "purchaseOrder", value });
  return `PO-${new Date(now).getUTCFullYear()}-${String(value).padStart(5, "0")}`;
}

/** The supplier's opening offer: its first message that was an offer, with the terms it carried. */
async function firstOfferTotalOf(ctx: QueryCtx, negotiationId: Id<"negotiations">): Promise<number | undefined> {
  const messages = await ctx.db
    .query("messages")
    .withIndex("by_negotiationId_and_sequence", (q) => q.eq("negotiationId", negotiationId))
    .order("asc")
    .take(MAX_MESSAGES_PER_NEGOTIATION);
  const terms = messages.find((m) => m.sender === "supplier" && m.metadata?.decision === "offer")?.metadata?.terms;
  return terms === undefined ? undefined : roundCents(totalPrice(terms));
}

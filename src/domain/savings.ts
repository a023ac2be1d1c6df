import { roundCents } from "./money";
import { productOfLine, type QuoteLine } from "./quote";
import { pricedFor, unitPriceBounds, type SupplierProfile } from "./suppliers";

/** What an awarded total is measured against: the supplier's opening offer, its list price, the buyer's limit. */
export interface SavingsBaselines {
  firstOfferTotal?: number | undefined;
  listTotal?: number | undefined;
  /** Only when every line has a price limit: a partial limit is no total to compare with. */
  limitTotal?: number | undefined;
}

export interface Saving {
  against: "firstOffer" | "listPrice" | "limit";
  /** Money kept, in the quote's currency (negative when the award costs more). */
  amount: number;
  /** Of the baseline, in percent, one decimal. */
  percent: number;
}

/** The award's saving against each baseline there is. */
export function savingsOf(awardedTotal: number, baselines: SavingsBaselines): Saving[] {
  const against: [Saving["against"], number | undefined][] = [
    ["firstOffer", baselines.firstOfferTotal],
    ["listPrice", baselines.listTotal],
    ["limit", baselines.limitTotal],
  ];
  return against.flatMap(([name, baseline]) =>
    baseline === undefined || baseline <= 0
      ? []
      : [
          {
            against: name,
            amount: roundCents(baseline - awardedTotal),
            percent: Math.round(((baseline - awardedTotal) / baseline) * 1000) / 10,
          },
        ],
  );
}

/** The buyer's limit for the whole order, when every line has one. */
export function limitTotalOf(
  lines: readonly { quantity: number; maxUnitPrice?: number | undefined }[],
): number | undefined {
  if (lines.some((line) => line.maxUnitPrice === undefined)) return undefined;
  return roundCents(lines.reduce((sum, line) => sum + line.quantity * (line.maxUnitPrice ?? 0), 0));
}

/**
 * What the order costs at a supplier's published prices (small-order surcharge included): the
 * list-price baseline of the saving. Taken when the quote is made, so that an operator's later
 * change to the supplier's prices does not change what an award is said to have saved.
 */
export function listTotalOf(supplier: SupplierProfile, lines: readonly QuoteLine[]): number {
  const priced = pricedFor(supplier, lines.map(productOfLine));
  return roundCents(
    lines.reduce((sum, line) => sum + unitPriceBounds(priced, line.productId, line.quantity).list * line.quantity, 0),
  );
}

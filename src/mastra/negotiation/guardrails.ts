import type { BrandTurn, SupplierTurn, Terms } from "../domain/offer";
import { floorPrice, getSupplier, PAYMENT_TERMS } from "../domain/suppliers";
import type { TurnState } from "./turn-state";

/** True when every line is the requested product and quantity at or under the buyer's unit limit,
 *  and delivery is no slower than the buyer allows. */
export function offerWithinLimits(state: Pick<TurnState, "request">, terms: Terms): boolean {
  const { request } = state;
  const linesOk = request.lines.every((line) => {
    const offered = terms.lines.find((l) => l.productId === line.productId);
    return (
      offered !== undefined &&
      offered.quantity === line.quantity &&
      (line.maxUnitPrice === undefined || offered.unitPrice <= line.maxUnitPrice)
    );
  });
  const leadOk = request.maxLeadTimeDays === undefined || terms.leadTimeDays <= request.maxLeadTimeDays;
  return linesOk && leadOk && terms.lines.length === request.lines.length;
}

/** Why a structured move does not fit the quote (wrong products or quantities), or null. */
export function termsMismatch(state: Pick<TurnState, "request">, terms: Terms): string | null {
  const wanted = state.request.lines
    .map((l) => `${l.productId}×${l.quantity}`)
    .sort()
    .join(", ");
  const got = terms.lines
    .map((l) => `${l.productId}×${l.quantity}`)
    .sort()
    .join(", ");
  return wanted === got ? null : `terms cover [${got}] but the quote asks for [${wanted}]`;
}

export interface GuardedMove<T> {
  move: T;
  /** Set when code overrode what the model chose, saying why. */
  overridden?: string;
}

/**
 * The brand may never accept terms outside the buyer's limits, whatever the model says: an
 * acceptance above a limit becomes a counter clamped to the limits, or a walk-away on the last word.
 */
export function guardBrandMove(
  state: TurnState,
  move: BrandTurn,
  offerOnTable: Terms | undefined,
): GuardedMove<BrandTurn> {
  if (move.decision !== "accept") return { move };
  if (offerOnTable && offerWithinLimits(state, offerOnTable)) return { move: { ...move, terms: offerOnTable } };
  const reason = "acceptance blocked: the offer is above the buyer's limits";
  if (state.closing || !offerOnTable) {
    return {
      move: { decision: "walk-away", terms: offerOnTable ?? move.terms, rationale: reason },
      overridden: reason,
    };
  }
  const clamped: Terms = {
    ...offerOnTable,
    lines: offerOnTable.lines.map((line) => {
      const limit = state.request.lines.find((l) => l.productId === line.productId)?.maxUnitPrice;
      return { ...line, unitPrice: limit === undefined ? line.unitPrice : Math.min(line.unitPrice, limit) };
    }),
    leadTimeDays: Math.min(offerOnTable.leadTimeDays, state.request.maxLeadTimeDays ?? offerOnTable.leadTimeDays),
  };
  return { move: { decision: "counter", terms: clamped, rationale: reason }, overridden: reason };
}

/**
 * The simulated supplier may not accept below its floor or grant more than it can: such an
 * acceptance becomes an offer at the floor. Keeps an OpenAI-played supplier inside its profile.
 */
export function guardSupplierMove(
  state: TurnState,
  move: SupplierTurn,
  brandAsk: Terms | undefined,
): GuardedMove<SupplierTurn> {
  if (move.decision !== "accept") return { move };
  const supplier = getSupplier(state.supplierId);
  const ask = brandAsk ?? move.terms;
  const belowFloor = ask.lines.some((line) => line.unitPrice < floorPrice(supplier, line.productId));
  const tooFast = ask.leadTimeDays < supplier.fastestLeadTimeDays;
  const tooLong = PAYMENT_TERMS.indexOf(ask.paymentTerms) > PAYMENT_TERMS.indexOf(supplier.mostFlexiblePaymentTerms);
  if (!belowFloor && !tooFast && !tooLong) return { move: { ...move, terms: ask } };
  const reason = "acceptance blocked: the counter is outside what this supplier can grant";
  const atFloor: Terms = {
    ...ask,
    lines: ask.lines.map((line) => ({
      ...line,
      unitPrice: Math.max(line.unitPrice, floorPrice(supplier, line.productId)),
    })),
    leadTimeDays: Math.max(ask.leadTimeDays, supplier.fastestLeadTimeDays),
    paymentTerms: tooLong ? supplier.mostFlexiblePaymentTerms : ask.paymentTerms,
  };
  return { move: { decision: "offer", terms: atFloor, rationale: reason }, overridden: reason };
}

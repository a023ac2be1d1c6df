import type { BrandTurn, SupplierTurn, Terms } from "../../domain/offer";
import { PAYMENT_TERMS, unitPriceBounds, type SupplierProfile } from "../../domain/suppliers";
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

/** The terms with every price at or under the buyer's unit limit and delivery within its limit. */
function clampToBuyerLimits(state: Pick<TurnState, "request">, terms: Terms): Terms {
  return {
    ...terms,
    lines: terms.lines.map((line) => {
      const limit = state.request.lines.find((l) => l.productId === line.productId)?.maxUnitPrice;
      return { ...line, unitPrice: limit === undefined ? line.unitPrice : Math.min(line.unitPrice, limit) };
    }),
    leadTimeDays: Math.min(terms.leadTimeDays, state.request.maxLeadTimeDays ?? terms.leadTimeDays),
  };
}

/** The terms with every price at or above the supplier's floor, delivery no faster than it can
 *  make, and payment terms no longer than it grants. */
function clampToSupplierBounds(supplier: SupplierProfile, terms: Terms): Terms {
  const longest = PAYMENT_TERMS.indexOf(supplier.mostFlexiblePaymentTerms);
  return {
    ...terms,
    lines: terms.lines.map((line) => ({
      ...line,
      unitPrice: Math.max(line.unitPrice, unitPriceBounds(supplier, line.productId, line.quantity).floor),
    })),
    leadTimeDays: Math.max(terms.leadTimeDays, supplier.fastestLeadTimeDays),
    paymentTerms:
      PAYMENT_TERMS.indexOf(terms.paymentTerms) > longest ? supplier.mostFlexiblePaymentTerms : terms.paymentTerms,
  };
}

function sameTerms(a: Terms, b: Terms): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The brand never proposes or accepts terms outside the buyer's limits, whatever the model says.
 * An acceptance of an offer above a limit becomes a counter clamped to the limits (or a walk-away
 * on the closing word); a counter above a limit is clamped.
 */
export function guardBrandMove(
  state: TurnState,
  move: BrandTurn,
  offerOnTable: Terms | undefined,
): GuardedMove<BrandTurn> {
  if (move.decision === "walk-away") return { move };
  if (move.decision === "accept") {
    if (offerOnTable && offerWithinLimits(state, offerOnTable)) return { move: { ...move, terms: offerOnTable } };
    const reason = offerOnTable
      ? "acceptance blocked: the offer is above the buyer's limits"
      : "acceptance blocked: there is no offer on the table yet";
    if (state.closing) {
      return {
        move: { decision: "walk-away", terms: offerOnTable ?? move.terms, rationale: reason },
        overridden: reason,
      };
    }
    const counter = clampToBuyerLimits(state, offerOnTable ?? move.terms);
    return { move: { decision: "counter", terms: counter, rationale: reason }, overridden: reason };
  }
  const clamped = clampToBuyerLimits(state, move.terms);
  if (sameTerms(clamped, move.terms)) return { move };
  const reason = "counter clamped to the buyer's limits";
  return { move: { ...move, terms: clamped, rationale: reason }, overridden: reason };
}

/**
 * The simulated supplier never offers or accepts below its floor, faster than it can deliver, or
 * on longer payment terms than it grants: such a move becomes an offer clamped to what it can do.
 * Keeps an OpenAI-played supplier inside its profile.
 */
export function guardSupplierMove(
  supplier: SupplierProfile,
  move: SupplierTurn,
  brandAsk: Terms | undefined,
): GuardedMove<SupplierTurn> {
  if (move.decision === "reject") return { move };
  const proposed = move.decision === "accept" ? (brandAsk ?? move.terms) : move.terms;
  const clamped = clampToSupplierBounds(supplier, proposed);
  if (sameTerms(clamped, proposed)) return { move: { ...move, terms: proposed } };
  const reason =
    move.decision === "accept"
      ? "acceptance blocked: the counter is outside what this supplier can grant"
      : "offer clamped to what this supplier can grant";
  return { move: { decision: "offer", terms: clamped, rationale: reason }, overridden: reason };
}

import type { SupplierTurn, Terms } from "../../domain/offer";
import { PAYMENT_TERMS, unitPriceBounds, type PaymentTerms, type SupplierProfile } from "../../domain/suppliers";
import { paymentTermsIndex, supplierMinimumTotal, supplierReservation, supplierUtility } from "../../domain/utility";
import type { TurnState } from "../../negotiation/turn-state";
import { concession, lastFrom, progressOf, VALIDITY_DAYS } from "./concession-strategy";
import type { Random } from "./seeded-random";
import { reservationUnitPrice, supplierCharacter } from "./supplier-reservation";

/** A counter worth less than this share of the supplier's reservation is an insult: it walks away. */
const INSULT_RATIO = 0.9;
/** Told a better competing offer exists, the supplier concedes as if this much later in the talks. */
const LEVERAGE_PROGRESS = 0.15;

/**
 * The simulated supplier, by utility (domain/utility.ts): each round it aims for a utility that
 * falls from its list price to its reservation by its deadline, meets the brand's lead time and
 * payment terms where it can and prices their cost in, never opens above list, makes its true best
 * offer at the deadline, accepts a counter worth at least its next offer, and walks away from
 * insulting or stalled counters below its reservation.
 */
export function supplierMove(state: TurnState, supplier: SupplierProfile, _random: Random, seed = 0): SupplierTurn {
  const character = supplierCharacter(seed, supplier);
  const lines = state.request.lines.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    list: unitPriceBounds(supplier, line.productId, line.quantity).list,
    reserve: reservationUnitPrice(seed, supplier, line.productId, line.quantity),
  }));
  const listValue = lines.reduce((sum, l) => sum + l.list * l.quantity, 0);
  const reserveValue = lines.reduce((sum, l) => sum + l.reserve * l.quantity, 0);
  const reservation = supplierReservation(supplier, reserveValue);
  // Its opening: list prices at its usual lead time and opening payment terms.
  const opening = supplierReservation(supplier, listValue);
  const lastRound = state.round >= state.maxRounds;
  const progress = Math.min(1, progressOf(state) + (state.leverage ? LEVERAGE_PROGRESS : 0));
  const conceded = lastRound ? 1 : concession(progress, supplier.concessionStyle * character.styleFactor);
  const target = reservation + (opening - reservation) * (1 - conceded);

  const ask = lastFrom(state.history, "brand");
  const planned = plannedOffer(state, ask?.terms, target);
  if (ask && ask.decision === "counter" && state.history.some((h) => h.sender === "supplier")) {
    const value = fits(state, ask.terms) ? supplierUtility(supplier, ask.terms, listValue) : Number.NEGATIVE_INFINITY;
    if (value >= supplierUtility(supplier, planned, listValue) - 0.005 && value >= reservation) {
      return { decision: "accept", terms: ask.terms, rationale: "The counter is worth at least our next offer." };
    }
    if (value < reservation * INSULT_RATIO || (value < reservation && stalled(state, character.patience))) {
      return { decision: "reject", terms: planned, rationale: "The counter stays far below what we can accept." };
    }
  }
  return {
    decision: "offer",
    terms: planned,
    rationale: lastRound
      ? "Best and final offer: our true best for these terms."
      : `Conceded ${Math.round(conceded * 100)}% of our margin so far.`,
  };

  /** Counter fits the order and what this supplier can grant at all. */
  function fits(s: TurnState, terms: Terms): boolean {
    return (
      terms.lines.length === s.request.lines.length &&
      terms.lines.every((line) => {
        const wanted = lines.find((l) => l.productId === line.productId);
        return wanted !== undefined && wanted.quantity === line.quantity;
      }) &&
      terms.leadTimeDays >= supplier.fastestLeadTimeDays &&
      paymentTermsIndex(terms.paymentTerms) <= paymentTermsIndex(supplier.mostFlexiblePaymentTerms)
    );
  }

  /**
   * The offer worth `target` to the supplier: the brand's lead time and terms where it can grant
   * them at no more than list (their cost priced in), else nearer its own usual ones; prices spread
   * between reservation and list, rounded up to the cent, never above list nor above its last offer.
   */
  function plannedOffer(s: TurnState, brandAsk: Terms | undefined, goal: number): Terms {
    const usual = supplier.leadTimeDays;
    const wantedLead = Math.min(usual, Math.max(supplier.fastestLeadTimeDays, brandAsk?.leadTimeDays ?? usual));
    const longest = paymentTermsIndex(supplier.mostFlexiblePaymentTerms);
    const wantedTerms = Math.min(longest, paymentTermsIndex(brandAsk?.paymentTerms ?? supplier.openingPaymentTerms));
    const candidates: { lead: number; terms: PaymentTerms }[] = [];
    for (let lead = wantedLead; lead <= usual; lead++) {
      for (let t = wantedTerms; t >= 0; t--) candidates.push({ lead, terms: PAYMENT_TERMS[t]! });
    }
    const previous = lastFrom(s.history, "supplier")?.terms;
    for (const { lead, terms } of candidates) {
      const total = supplierMinimumTotal(supplier, goal, lead, terms, listValue);
      if (total > listValue + 0.005) continue;
      const share = listValue > reserveValue ? (total - reserveValue) / (listValue - reserveValue) : 0;
      return {
        lines: lines.map((l) => {
          const price = Math.ceil((l.reserve + (l.list - l.reserve) * Math.max(0, share)) * 100 - 1e-6) / 100;
          const before =
            previous?.leadTimeDays === lead && previous.paymentTerms === terms
              ? previous.lines.find((p) => p.productId === l.productId)?.unitPrice
              : undefined;
          return {
            productId: l.productId,
            quantity: l.quantity,
            unitPrice: Math.min(
              l.list,
              before ?? l.list,
              Math.max(price, unitPriceBounds(supplier, l.productId, l.quantity).floor),
            ),
          };
        }),
        leadTimeDays: lead,
        paymentTerms: terms,
        validityDays: VALIDITY_DAYS,
      };
    }
    return {
      lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.list })),
      leadTimeDays: usual,
      paymentTerms: supplier.openingPaymentTerms,
      validityDays: VALIDITY_DAYS,
    };
  }
}

/** The brand's last `patience` counters did not move on price. */
function stalled(state: TurnState, patience: number): boolean {
  const counters = state.history.filter((h) => h.sender === "brand" && h.decision === "counter").slice(-(patience + 1));
  if (counters.length < patience + 1) return false;
  const totals = counters.map((c) => c.terms.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0));
  return totals.every((t) => Math.abs(t - totals[0]!) < 0.01);
}

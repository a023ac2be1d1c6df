import { totalPrice, type SupplierTurn, type Terms } from "../../../domain/offer";
import { PAYMENT_TERMS, unitPriceBounds, type SupplierProfile } from "../../../domain/suppliers";
import { paymentTermsIndex, supplierMinimumTotal, supplierReservation, supplierUtility } from "../../../domain/utility";
import type { TurnState } from "../../protocol/turn-state";
import { concession, lastFrom, progressOf, VALIDITY_DAYS } from "./concession-strategy";
import type { Random } from "./seeded-random";
import { reservationUnitPrice, supplierCharacter } from "./supplier-reservation";
import { spreadTotal } from "./spread-total";

/**
 * A counter worth less than this share of the supplier's reservation is an insult: it walks away.
 * Low enough that a brand anchoring 14 % under a first offer, or a few percent under a tight
 * budget, is heard out; a counter this far under says no deal is possible.
 */
const INSULT_RATIO = 0.75;
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
  const planned = plannedOffer(state, lastRound && ask ? finalAsk(ask.terms) : ask?.terms, target);
  if (ask && ask.decision === "counter" && state.history.some((h) => h.sender === "supplier")) {
    const value = fits(state, ask.terms) ? supplierUtility(supplier, ask.terms, listValue) : Number.NEGATIVE_INFINITY;
    if (value >= supplierUtility(supplier, planned, listValue) - 0.005 && value >= reservation) {
      return { decision: "accept", terms: ask.terms, rationale: "The counter is worth at least our next offer." };
    }
    const stalledBelow = value < reservation && stalled(state, character.patience, (t) => valueOf(t));
    if (value < reservation * INSULT_RATIO || stalledBelow) {
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

  /**
   * Its final offer answers the brand's last counter on the costliest lead time and terms the brand
   * has asked for (a brand asks for fast delivery or long credit only when they are worth more to it
   * than they cost): its last ones, or earlier ones if its best price on them is within what the
   * brand last offered to pay. Its own value is the same either way; the brand's is higher.
   */
  function finalAsk(latest: Terms): Terms {
    const canPay = totalPrice(latest) + 0.005;
    const cost = (t: Terms) => supplierMinimumTotal(supplier, reservation, t.leadTimeDays, t.paymentTerms, listValue);
    const affordable = state.history
      .filter((h) => h.sender === "brand" && h.decision === "counter")
      .map((h) => h.terms)
      .filter(
        (t) =>
          t.leadTimeDays >= supplier.fastestLeadTimeDays &&
          paymentTermsIndex(t.paymentTerms) <= paymentTermsIndex(supplier.mostFlexiblePaymentTerms) &&
          cost(t) <= canPay,
      );
    const costliest = affordable.reduce((a, b) => (cost(b) > cost(a) ? b : a), latest);
    return { ...latest, leadTimeDays: costliest.leadTimeDays, paymentTerms: costliest.paymentTerms };
  }

  function valueOf(terms: Terms): number {
    return supplierUtility(supplier, terms, listValue);
  }

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
   * them at no more than list (their cost priced in), else nearer its own usual ones; the total
   * spread like the brand's last counter (spread-total.ts), rounded up to the cent, never above list
   * nor above its last offer on the same terms.
   */
  function plannedOffer(s: TurnState, brandAsk: Terms | undefined, goal: number): Terms {
    const usual = supplier.leadTimeDays;
    const wantedLead = Math.min(usual, Math.max(supplier.fastestLeadTimeDays, brandAsk?.leadTimeDays ?? usual));
    const longest = paymentTermsIndex(supplier.mostFlexiblePaymentTerms);
    const wantedTerms = Math.min(longest, paymentTermsIndex(brandAsk?.paymentTerms ?? supplier.openingPaymentTerms));
    const previous = lastFrom(s.history, "supplier")?.terms;
    const caps = new Map(lines.map((l) => [l.productId, l.list]));
    const shape = brandAsk?.lines ?? lines.map((l) => ({ ...l, unitPrice: l.list }));
    for (let lead = wantedLead; lead <= usual; lead++) {
      for (let t = wantedTerms; t >= 0; t--) {
        const terms = PAYMENT_TERMS[t]!;
        let total = supplierMinimumTotal(supplier, goal, lead, terms, listValue);
        if (total > listValue + 0.005) continue;
        if (previous?.leadTimeDays === lead && previous.paymentTerms === terms) {
          total = Math.min(total, totalPrice(previous));
        }
        return {
          lines: spreadTotal(total, shape, caps, "up"),
          leadTimeDays: lead,
          paymentTerms: terms,
          validityDays: VALIDITY_DAYS,
        };
      }
    }
    return {
      lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.list })),
      leadTimeDays: usual,
      paymentTerms: supplier.openingPaymentTerms,
      validityDays: VALIDITY_DAYS,
    };
  }
}

/**
 * The brand's last `patience` counters did not move in what they are worth to the supplier: a brand
 * that trades lead time or credit for price is still moving.
 */
function stalled(state: TurnState, patience: number, valueOf: (terms: Terms) => number): boolean {
  const counters = state.history.filter((h) => h.sender === "brand" && h.decision === "counter").slice(-(patience + 1));
  if (counters.length < patience + 1) return false;
  const values = counters.map((c) => valueOf(c.terms));
  return values.every((v) => v <= values[0]! + 0.01);
}

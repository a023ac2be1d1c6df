import type { Terms } from "../../../domain/offer";
import { PAYMENT_TERMS, type PaymentTerms } from "../../../domain/suppliers";
import { buyerUtilityAt, creditDays, paymentTermsIndex, type BuyerUtilityContext } from "../../../domain/utility";
import type { RateCard, TurnState } from "../../protocol/turn-state";

/**
 * The brand's view of a supplier through its published rate card: what a set of terms is worth to
 * the supplier, and which lead time and payment terms to ask for at a given value to it. Thinking in
 * the supplier's value rather than in price lets the brand trade both ways: faster delivery and
 * longer credit while they cost the supplier less than they are worth to the buyer, and giving them
 * back, for price, when the buyer's price limit binds.
 */

export interface Pair {
  leadTimeDays: number;
  paymentTerms: PaymentTerms;
}

/** A card that charges nothing for anything: when the state carries none, price is all there is. */
const NO_CARD_COSTS = { rushCostPerDay: 0, capitalCostPerYear: 0 };

/** The supplier's value of these terms by its card: revenue less its rush and credit costs. */
export function supplierValueByCard(card: RateCard | undefined, terms: Terms, listValue: number): number {
  const total = terms.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  return total - costShare(card, terms, total, listValue);
}

function costShare(card: RateCard | undefined, pair: Pair, total: number, listValue: number): number {
  const { rushCostPerDay, capitalCostPerYear } = card ?? NO_CARD_COSTS;
  const daysFaster = card ? Math.max(0, card.usualLeadTimeDays - pair.leadTimeDays) : 0;
  return daysFaster * rushCostPerDay * listValue + (total * capitalCostPerYear * creditDays(pair.paymentTerms)) / 365;
}

/** The total at which these lead time and terms are worth `value` to the supplier. */
export function totalForValue(card: RateCard | undefined, value: number, pair: Pair, listValue: number): number {
  const { rushCostPerDay, capitalCostPerYear } = card ?? NO_CARD_COSTS;
  const daysFaster = card ? Math.max(0, card.usualLeadTimeDays - pair.leadTimeDays) : 0;
  const creditShare = (capitalCostPerYear * creditDays(pair.paymentTerms)) / 365;
  return (value + daysFaster * rushCostPerDay * listValue) / (1 - creditShare);
}

/** Every lead time and payment term the card offers within the buyer's lead-time limit. */
export function pairsByCard(card: RateCard | undefined, maxLeadTimeDays: number | undefined, fallback: Pair): Pair[] {
  if (!card) return [fallback];
  const slowest = Math.min(card.usualLeadTimeDays, maxLeadTimeDays ?? card.usualLeadTimeDays);
  const longest = paymentTermsIndex(card.longestPaymentTerms);
  const pairs: Pair[] = [];
  for (let lead = card.fastestLeadTimeDays; lead <= slowest; lead++) {
    for (const paymentTerms of PAYMENT_TERMS.slice(0, longest + 1)) pairs.push({ leadTimeDays: lead, paymentTerms });
  }
  return pairs.length > 0 ? pairs : [fallback];
}

export interface AskPlan {
  card: RateCard | undefined;
  context: BuyerUtilityContext;
  listValue: number;
  pairs: readonly Pair[];
  /** The sum of the buyer's limits over the lines: no total may exceed it. */
  limitTotal: number;
}

/**
 * The lead time and terms that serve the buyer best at `value` to the supplier (the joint surplus's
 * best, price adjusting), among those at which the supplier's value `fitValue` still fits the buyer's
 * price limit: when price binds, that gives back lead time and credit, cheapest to the supplier first.
 */
export function bestPair(plan: AskPlan, value: number, fitValue: number): Pair {
  let best: { pair: Pair; utility: number } | undefined;
  let cheapest: { pair: Pair; total: number } | undefined;
  for (const pair of plan.pairs) {
    const fitTotal = totalForValue(plan.card, fitValue, pair, plan.listValue);
    if (!cheapest || fitTotal < cheapest.total - 1e-9) cheapest = { pair, total: fitTotal };
    if (fitTotal > plan.limitTotal + 0.005) continue;
    // Judged at the total the supplier's value needs, not at the lines spread from it: those stop at
    // each line's list price, and terms whose cost the supplier cannot price in would look free.
    const total = totalForValue(plan.card, value, pair, plan.listValue);
    const utility = buyerUtilityAt(total, pair, plan.context);
    if (!best || utility > best.utility + 1e-9) best = { pair, utility };
  }
  return (best ?? cheapest)!.pair;
}

/** The buyer's context as the brand's state gives it: the stated or derived values, else defaults. */
export function contextOfState(state: TurnState, fallback: BuyerUtilityContext): BuyerUtilityContext {
  const valuation = state.buyerValuation;
  return valuation
    ? { ...fallback, leadDayValue: valuation.leadDayValue, capitalRatePerYear: valuation.capitalRatePerYear }
    : fallback;
}

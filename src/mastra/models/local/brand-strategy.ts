import type { BrandTurn, Terms } from "../../domain/offer";
import { getProduct } from "../../domain/products";
import { PAYMENT_TERMS, type PaymentTerms } from "../../domain/suppliers";
import {
  BUYER_CAPITAL_RATE,
  buyerLeadDayValue,
  buyerUtility,
  paymentTermsIndex,
  type BuyerUtilityContext,
} from "../../domain/utility";
import { offerWithinLimits } from "../../negotiation/guardrails";
import type { HistoryEntry, RateCard, TurnState } from "../../negotiation/turn-state";
import { concession, lastFrom, VALIDITY_DAYS } from "./concession-strategy";
import type { Random } from "./seeded-random";

/** Boulware (e = 4): the brand holds its price until late. */
const BRAND_STYLE = 0.25;
/** The brand's opening ask, as a share of the going market price (before any offer is on the table). */
const OPENING_MARKET_RATIO = 0.8;
/** Each counter moves at least this share of the way from its anchor to its ceiling. */
const MIN_STEP = 0.03;
/** Its first counter after an offer never goes below this share of that offer: low, not insulting. */
const FIRST_COUNTER_RATIO = 0.86;

/**
 * The brand, by the buyer's utility (domain/utility.ts). It asks from the start for the lead time
 * and payment terms that create the most value for both sides by the supplier's rate card (fast
 * delivery when a day is worth more to the buyer than it costs to rush; long terms when credit is
 * worth more to the buyer than it costs the supplier), never for more than the card allows and never
 * for more than it asked before. On price it anchors on the market and concedes Boulware-style from
 * there toward the lowest of its limit and the offer on the table. It accepts an offer worth at least
 * its own next counter, walks away at once when the supplier's fastest delivery is slower than the
 * buyer's limit, and tells the supplier when a better competing offer exists.
 */
export function brandMove(state: TurnState, _random: Random): BrandTurn {
  const context: BuyerUtilityContext = {
    priorities: state.request.priorities,
    orderValue: state.request.lines.reduce((sum, l) => sum + (l.maxUnitPrice ?? 0) * l.quantity, 0),
  };
  const card = state.rateCard;
  const limit = state.request.maxLeadTimeDays;
  const offer = lastFrom(state.history, "supplier");
  if (card && limit !== undefined && card.fastestLeadTimeDays > limit) {
    return {
      decision: "walk-away",
      terms: offer?.terms ?? opening(state, context, card),
      rationale: "The supplier's fastest delivery is slower than the buyer's lead-time limit: no deal is possible.",
    };
  }
  if (!offer)
    return { decision: "counter", terms: opening(state, context, card), rationale: "Opening at market-based targets." };

  const withinLimits = offerWithinLimits(state, offer.terms);
  if (state.closing) {
    return withinLimits
      ? {
          decision: "accept",
          terms: offer.terms,
          rationale: "The supplier's final offer is within the buyer's limits.",
        }
      : {
          decision: "walk-away",
          terms: offer.terms,
          rationale: "The final offer is still outside the buyer's limits.",
        };
  }
  const next = nextCounter(state, context, card, offer.terms);
  if (withinLimits && buyerUtility(offer.terms, context) >= buyerUtility(next, context) - 0.005) {
    return { decision: "accept", terms: offer.terms, rationale: "The offer is worth at least our next counter." };
  }
  return {
    decision: "counter",
    terms: next,
    rationale: state.leverage
      ? "Countering; a better competing offer is on the table."
      : "Countering toward the market.",
  };
}

/** The lead time and payment terms worth the most to both sides by the rate card, within the buyer's limit. */
function efficientAsk(
  state: TurnState,
  context: BuyerUtilityContext,
  card: RateCard | undefined,
  listValue: number,
): { leadTimeDays: number; paymentTerms: PaymentTerms } {
  if (!card) return { leadTimeDays: state.request.maxLeadTimeDays ?? 30, paymentTerms: "net-60" };
  const slowest = Math.min(card.usualLeadTimeDays, state.request.maxLeadTimeDays ?? card.usualLeadTimeDays);
  const dayValue = buyerLeadDayValue(context.priorities, context.orderValue);
  const rushCost = card.rushCostPerDay * listValue;
  const leadTimeDays = dayValue > rushCost ? card.fastestLeadTimeDays : Math.max(card.fastestLeadTimeDays, slowest);
  const paymentTerms: PaymentTerms =
    BUYER_CAPITAL_RATE > card.capitalCostPerYear ? card.longestPaymentTerms : "prepaid";
  return { leadTimeDays, paymentTerms };
}

function opening(state: TurnState, context: BuyerUtilityContext, card: RateCard | undefined): Terms {
  const lines = state.request.lines.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPrice: cents(
      Math.min(
        line.maxUnitPrice ?? Number.POSITIVE_INFINITY,
        getProduct(line.productId).referenceUnitPrice * OPENING_MARKET_RATIO,
      ),
    ),
  }));
  const listGuess = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0) / OPENING_MARKET_RATIO;
  return { lines, ...efficientAsk(state, context, card, listGuess), validityDays: VALIDITY_DAYS };
}

/**
 * The next counter: the efficient lead time and terms (never more than asked before), and prices
 * that rise Boulware-style from a market anchor (its first counter, at least FIRST_COUNTER_RATIO of
 * the first offer) to the lowest of the buyer's limit and the offer on the table, never below its
 * last counter.
 */
function nextCounter(
  state: TurnState,
  context: BuyerUtilityContext,
  card: RateCard | undefined,
  onTable: Terms,
): Terms {
  const offers = state.history.filter((h) => h.sender === "supplier");
  const first = offers[0]!.terms;
  const listValue = first.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const asks = state.history.filter((h): h is HistoryEntry => h.sender === "brand" && h.decision === "counter");
  const previous = asks.at(-1)?.terms;
  const efficient = efficientAsk(state, context, card, listValue);
  // Never ask again for more than before: a concession once made stays made.
  const leadTimeDays = Math.max(efficient.leadTimeDays, previous?.leadTimeDays ?? 0);
  const paymentTerms =
    PAYMENT_TERMS[
      Math.min(paymentTermsIndex(efficient.paymentTerms), paymentTermsIndex(previous?.paymentTerms ?? "net-60"))
    ] ?? "prepaid";
  // Concession measured from the first counter after an offer (round 2) to the deadline.
  const span = Math.max(1, state.maxRounds - 2);
  const t = Math.min(1, Math.max(0, (state.round - 2) / span));
  const conceded = concession(t, BRAND_STYLE);
  const lines = state.request.lines.map((line) => {
    const firstPrice = first.lines.find((l) => l.productId === line.productId)?.unitPrice ?? line.maxUnitPrice ?? 0;
    const tablePrice = onTable.lines.find((l) => l.productId === line.productId)?.unitPrice ?? firstPrice;
    const ceiling = Math.min(line.maxUnitPrice ?? Number.POSITIVE_INFINITY, tablePrice);
    const anchor = Math.min(ceiling, firstPrice * FIRST_COUNTER_RATIO);
    const before = previous?.lines.find((l) => l.productId === line.productId)?.unitPrice ?? 0;
    // Always a visible step until the ceiling: a counter that stands still reads as "this is our limit".
    const step = before > 0 ? before + Math.max(0.01, (ceiling - anchor) * MIN_STEP) : 0;
    const price = Math.max(step, anchor + (ceiling - anchor) * conceded);
    return { productId: line.productId, quantity: line.quantity, unitPrice: cents(Math.min(price, ceiling)) };
  });
  return { lines, leadTimeDays, paymentTerms, validityDays: VALIDITY_DAYS };
}

function cents(value: number): number {
  return Math.floor(value * 100 + 1e-6) / 100;
}

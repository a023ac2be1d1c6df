import { totalPrice, type BrandTurn, type Terms } from "../../../domain/offer";
import { builtInProduct } from "../../../domain/products";
import { buyerRatesOf, buyerUtility, type BuyerUtilityContext } from "../../../domain/utility";
import { offerWithinLimits } from "../../protocol/guardrails";
import type { HistoryEntry, TurnState } from "../../protocol/turn-state";
import {
  bestPair,
  contextOfState,
  pairsByCard,
  supplierValueByCard,
  totalForValue,
  type AskPlan,
  type Pair,
} from "./brand-trades";
import { spreadTotal } from "./spread-total";
import { concession, lastFrom, VALIDITY_DAYS } from "./concession-strategy";
import type { Random } from "./seeded-random";

/** Boulware (e = 4): the brand holds its price until late. */
const BRAND_STYLE = 0.25;
/** The brand's opening ask, as a share of the going market price (before any offer is on the table). */
const OPENING_MARKET_RATIO = 0.8;
/** ...and as a share of its own limit, so a tight budget still leaves room to move. */
const OPENING_LIMIT_RATIO = 0.85;
/** Where a supplier's reservation usually lies, as a share of its list value (floors run 75–90 %). */
const LIKELY_RESERVATION = 0.9;
/** Each counter moves at least this share of the way from its anchor to its ceiling. */
const MIN_STEP = 0.03;
/** Its first counter after an offer is worth this share of that offer to the supplier: low, not insulting. */
const FIRST_COUNTER_RATIO = 0.86;
/** ...and sits at least this share of the first offer below what the buyer can pay: room on tight budgets. */
const ANCHOR_ROOM = 0.06;

/**
 * The brand, by the buyer's utility (domain/utility.ts) at the buyer's own values, and the
 * supplier's published rate card. It counters in the supplier's value: from a market anchor,
 * Boulware-style toward the lower of the offer on the table and the most the buyer's limits can
 * give, and asks for whichever lead time and payment terms serve the buyer best at that value, of
 * those at which that counter fits the price limit; on its last counter, of those at which its
 * ceiling still fits (brand-trades.ts). It keeps its last step
 * short of the ceiling so the supplier's final offer, not the brand's limit, closes a tight deal.
 * It accepts an offer worth at least its own next counter, walks away at once when the supplier's
 * fastest delivery is slower than the buyer's limit, and says when a better competing offer exists.
 */
export function brandMove(state: TurnState, _random: Random): BrandTurn {
  const context = brandContext(state);
  const card = state.rateCard;
  const limit = state.request.maxLeadTimeDays;
  const offer = lastFrom(state.history, "supplier");
  if (card && limit !== undefined && card.fastestLeadTimeDays > limit) {
    return {
      decision: "walk-away",
      terms: offer?.terms ?? opening(state, context),
      rationale: "The supplier's fastest delivery is slower than the buyer's lead-time limit: no deal is possible.",
    };
  }
  if (!offer)
    return { decision: "counter", terms: opening(state, context), rationale: "Opening at market-based targets." };

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
  const next = nextCounter(state, context, offer.terms);
  if (withinLimits && buyerUtility(offer.terms, context) >= buyerUtility(next.terms, context) - 0.005) {
    return { decision: "accept", terms: offer.terms, rationale: "The offer is worth at least our next counter." };
  }
  const rationale = [
    state.leverage ? "Countering; a better competing offer is on the table." : "Countering toward the market.",
    ...(next.gaveBack ? [next.gaveBack] : []),
  ].join(" ");
  return { decision: "counter", terms: next.terms, rationale };
}

function brandContext(state: TurnState): BuyerUtilityContext {
  const orderValue = state.request.lines.reduce((sum, l) => sum + (l.maxUnitPrice ?? 0) * l.quantity, 0);
  const rates = buyerRatesOf(state.request.priorities, undefined);
  return contextOfState(state, {
    orderValue,
    leadDayValue: rates.leadDayShare * orderValue,
    capitalRatePerYear: rates.capitalRatePerYear,
  });
}

function marketPrice(line: TurnState["request"]["lines"][number]): number {
  const market = line.marketUnitPrice ?? builtInProduct(line.productId)?.referenceUnitPrice;
  // The engine gives the brand every line's market price; only a hand-made state can lack it.
  if (market === undefined) throw new Error(`the brand's state gives no market price for "${line.productId}"`);
  return market;
}

/**
 * What the brand can put on each line: the buyer's limit, never above the supplier's published list
 * price (an ask above list is money given away), and the shape its totals are spread in: the
 * limits, so a total within their sum is within each line's.
 */
function linesPlan(state: TurnState) {
  const caps = new Map<string, number>();
  const shape = state.request.lines.map((line) => {
    const list = state.rateCard?.listPrices.find((l) => l.productId === line.productId)?.unitPrice;
    caps.set(line.productId, Math.min(line.maxUnitPrice ?? Number.POSITIVE_INFINITY, list ?? Number.POSITIVE_INFINITY));
    return { productId: line.productId, quantity: line.quantity, unitPrice: line.maxUnitPrice ?? marketPrice(line) };
  });
  const capTotal = state.request.lines.reduce((sum, l) => sum + caps.get(l.productId)! * l.quantity, 0);
  const linesOf = (total: number) => spreadTotal(total, shape, caps, "down");
  return { caps, capTotal, linesOf };
}

/** The supplier's list value for this order: its published prices, else what it first asked. */
function listValueOf(state: TurnState, fallback: number): number {
  const prices = state.rateCard?.listPrices ?? [];
  const value = state.request.lines.reduce(
    (sum, l) => sum + (prices.find((p) => p.productId === l.productId)?.unitPrice ?? Number.NaN) * l.quantity,
    0,
  );
  return Number.isFinite(value) ? value : fallback;
}

/**
 * The pairs to choose from and the total they must fit: the buyer's limits, not the list prices
 * (a supplier whose price on some terms would top its list offers other terms itself).
 */
function planOf(state: TurnState, context: BuyerUtilityContext, listValue: number, fallback: Pair): AskPlan {
  const pairs = pairsByCard(state.rateCard, state.request.maxLeadTimeDays, fallback);
  const limitTotal = state.request.lines.reduce(
    (sum, l) => sum + (l.maxUnitPrice ?? Number.POSITIVE_INFINITY) * l.quantity,
    0,
  );
  return { card: state.rateCard, context, listValue, pairs, limitTotal };
}

/** The opening: below both the market and the buyer's own limit, at the lead time and terms worth most. */
function opening(state: TurnState, context: BuyerUtilityContext): Terms {
  const { linesOf } = linesPlan(state);
  const total = state.request.lines.reduce(
    (sum, line) =>
      sum +
      line.quantity *
        Math.min(
          (line.maxUnitPrice ?? Number.POSITIVE_INFINITY) * OPENING_LIMIT_RATIO,
          marketPrice(line) * OPENING_MARKET_RATIO,
        ),
    0,
  );
  const fallback = { leadTimeDays: state.request.maxLeadTimeDays ?? 30, paymentTerms: "net-60" as const };
  const plan = planOf(state, context, listValueOf(state, total / OPENING_MARKET_RATIO), fallback);
  // With a single round the supplier's only offer, its best, answers this ask: ask for terms that
  // still fit the limit at a likely reservation, not the ones that would be best at any price.
  const fitValue = state.maxRounds === 1 ? LIKELY_RESERVATION * plan.listValue : Number.NEGATIVE_INFINITY;
  const pair = bestPair(plan, total, fitValue);
  return { lines: linesOf(total), ...pair, validityDays: VALIDITY_DAYS };
}

/**
 * The next counter, in the supplier's value: from the anchor (the first counter) Boulware-style to
 * the ceiling (the lower of the offer on the table and the most the buyer's limits can give it),
 * never below its last counter, reaching the ceiling only on the round after the last.
 */
function nextCounter(
  state: TurnState,
  context: BuyerUtilityContext,
  onTable: Terms,
): { terms: Terms; gaveBack?: string } {
  const first = state.history.find((h) => h.sender === "supplier")!.terms;
  const listValue = listValueOf(state, totalPrice(first));
  const plan = planOf(state, context, listValue, onTable);
  const card = state.rateCard;
  const { capTotal, linesOf } = linesPlan(state);
  const valueAt = (terms: Terms) => supplierValueByCard(card, terms, listValue);
  const mostAtLimit = Math.max(
    ...plan.pairs.map((pair) => valueAt({ lines: linesOf(capTotal), ...pair, validityDays: 1 })),
  );
  const ceiling = Math.min(valueAt(onTable), mostAtLimit);
  const firstValue = valueAt(first);
  const anchor = Math.min(FIRST_COUNTER_RATIO * firstValue, ceiling - ANCHOR_ROOM * firstValue);
  const asks = state.history.filter((h): h is HistoryEntry => h.sender === "brand" && h.decision === "counter");
  const before = asks.at(-1) ? valueAt(asks.at(-1)!.terms) : Number.NEGATIVE_INFINITY;
  // Progress from the first counter after an offer (round 2) to the round after the last: the last
  // counter leaves a step, so a supplier that can go lower says so in its final offer.
  const t = Math.min(1, Math.max(0, (state.round - 2) / Math.max(1, state.maxRounds - 1)));
  const planned = anchor + (ceiling - anchor) * concession(t, BRAND_STYLE);
  // Always a visible step until the ceiling: a counter that stands still reads as "this is our limit".
  // At least two cents a unit, so the step survives rounding each price down to the cent.
  const units = state.request.lines.reduce((sum, l) => sum + l.quantity, 0);
  const step = before + Math.max(0.02 * units, (ceiling - anchor) * MIN_STEP);
  const value = Math.min(ceiling, Math.max(planned, step));
  // Until the last counter, the terms best for the buyer at which this counter itself fits the
  // limit: a supplier that takes one agrees on efficient terms. The last counter is the one the
  // supplier's best and final offer answers on its terms, so it asks for terms at which even the
  // offer on the table would fit: a reservation just under the limit still closes.
  const lastCounter = state.round >= state.maxRounds;
  const pair = bestPair(plan, value, lastCounter ? ceiling : value);
  const terms = { lines: linesOf(totalForValue(card, value, pair, listValue)), ...pair, validityDays: VALIDITY_DAYS };
  const efficient = bestPair(plan, value, Number.NEGATIVE_INFINITY);
  const gaveBack =
    efficient.leadTimeDays !== pair.leadTimeDays || efficient.paymentTerms !== pair.paymentTerms
      ? `To stay within the price we can pay, we take ${pair.leadTimeDays} days and ${pair.paymentTerms} terms instead of ${efficient.leadTimeDays} days and ${efficient.paymentTerms}.`
      : undefined;
  return gaveBack ? { terms, gaveBack } : { terms };
}

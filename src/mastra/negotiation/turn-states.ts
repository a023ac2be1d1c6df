import { answersInPerson, productOfLine, unitPriceLimit, type QuoteRequest } from "../../domain/quote";
import { walkAwayUnitPrice, type SupplierProfile } from "../../domain/suppliers";
import { buyerUtility, type BuyerUtilityContext } from "../../domain/utility";
import type { Terms } from "../../domain/offer";
import { rateCardOf, type HistoryEntry, type TurnState } from "../protocol/turn-state";
import type { MarketBoard } from "./market-board";

/**
 * What each side sees on its turn, built from where the negotiation stands. Pure: the same standing
 * gives the same state, key for key, so the prompt (and the seeded local model's answer) is the same.
 */

/** Where one negotiation stands when a side is about to move. */
export interface Standing {
  supplier: SupplierProfile;
  quote: QuoteRequest;
  maxRounds: number;
  round: number;
  history: readonly HistoryEntry[];
}

/** The brand's alternative: the best competing offer's value, and whether it beats the offer on the table. */
export type MarketView = Pick<TurnState, "alternative" | "leverage">;

export function marketView(
  market: MarketBoard | undefined,
  supplierId: string,
  offerOnTable: Terms | undefined,
  buyer: BuyerUtilityContext,
): MarketView {
  const best = market?.bestExcept(supplierId);
  if (best === undefined) return {};
  const beaten = offerOnTable !== undefined && best > buyerUtility(offerOnTable, buyer);
  return { alternative: { netCost: -best }, leverage: beaten };
}

/** The brand's turn: the buyer's limits, priorities and notes, its alternative, what the buyer values. */
export function brandTurnState(
  at: Standing,
  closing: boolean,
  market: MarketView,
  buyer: BuyerUtilityContext,
): TurnState {
  return {
    ...turnHeader(at, "brand", closing),
    ...(answersInPerson(at.quote, at.supplier.id) ? { supplierInPerson: true } : {}),
    request: brandRequest(at.quote),
    rateCard: rateCardOf(at.supplier, at.quote.products),
    ...market,
    buyerValuation: { leadDayValue: buyer.leadDayValue, capitalRatePerYear: buyer.capitalRatePerYear },
    history: [...at.history],
  };
}

/**
 * The supplier's turn: the order's lines and nothing of the buyer's (no limits, no notes), its own
 * walk-away prices, and whether the brand just said it holds a better competing offer.
 */
export function supplierTurnState(at: Standing, leverageClaimed: boolean): TurnState {
  return {
    ...turnHeader(at, "supplier", false),
    request: { lines: requestLines(at.quote, "supplier") },
    rateCard: rateCardOf(at.supplier, at.quote.products),
    walkAway: at.quote.products.map((line) => ({
      productId: line.productId,
      unitPrice: walkAwayUnitPrice(at.supplier, line.productId, line.quantity),
    })),
    ...(leverageClaimed ? { leverage: true } : {}),
    history: [...at.history],
  };
}

/**
 * The request as the brand sees it: every line with the buyer's price limit and the market price,
 * the lead-time limit, the priorities, and the buyer's notes, which are for the brand alone.
 * Also what the last gate before a deal checks the terms against (guardrails.ts: offerWithinLimits).
 */
export function brandRequest(quote: QuoteRequest): TurnState["request"] {
  return {
    lines: requestLines(quote, "brand"),
    ...(quote.maxLeadTimeDays ? { maxLeadTimeDays: quote.maxLeadTimeDays } : {}),
    priorities: quote.priorities,
    notes: quote.userNotes,
  };
}

function turnHeader(at: Standing, role: TurnState["role"], closing: boolean) {
  return {
    role,
    phase: "decide" as const,
    supplierId: at.supplier.id,
    supplierName: at.supplier.name,
    round: at.round,
    maxRounds: at.maxRounds,
    closing,
  };
}

function requestLines(quote: QuoteRequest, role: TurnState["role"]): TurnState["request"]["lines"] {
  return quote.products.map((line) => {
    const product = productOfLine(line);
    return {
      productId: line.productId,
      productName: product.name,
      unit: product.unit,
      ...(product.specification ? { specification: product.specification } : {}),
      quantity: line.quantity,
      ...(role === "brand" ? { maxUnitPrice: unitPriceLimit(line), marketUnitPrice: product.referenceUnitPrice } : {}),
    };
  });
}

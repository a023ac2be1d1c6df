import { z } from "zod";
import { productIdSchema, type ProductId } from "../../domain/products";
import { termsSchema } from "../../domain/offer";
import { PAYMENT_TERMS, unitPriceBounds, type SupplierProfile } from "../../domain/suppliers";

/**
 * The supplier's published rate card: its list prices for this order's lines (small-order surcharge
 * included), the delivery it can make, what expediting costs per day, the longest payment terms it
 * grants and the yearly rate at which it prices credit (its early-payment discount). Commercial
 * terms any buyer is quoted, so both sides see them and the supplier's instructions say so; its
 * floor and its walk-away price stay private.
 */
export const rateCardSchema = z.object({
  listPrices: z.array(z.object({ productId: productIdSchema, unitPrice: z.number().positive() })),
  usualLeadTimeDays: z.number().int().positive(),
  fastestLeadTimeDays: z.number().int().positive(),
  /** Expedite surcharge per day faster than usual, as a share of the order's list value. */
  rushCostPerDay: z.number().min(0),
  longestPaymentTerms: z.enum(PAYMENT_TERMS),
  /** Credit is priced at this yearly rate: net-30 costs 30/365 of it on the order's total. */
  capitalCostPerYear: z.number().min(0),
});
export type RateCard = z.infer<typeof rateCardSchema>;

export function rateCardOf(
  supplier: SupplierProfile,
  lines: readonly { productId: ProductId; quantity: number }[],
): RateCard {
  return {
    listPrices: lines.map((l) => ({
      productId: l.productId,
      unitPrice: unitPriceBounds(supplier, l.productId, l.quantity).list,
    })),
    usualLeadTimeDays: supplier.leadTimeDays,
    fastestLeadTimeDays: supplier.fastestLeadTimeDays,
    rushCostPerDay: supplier.rushCostPerDay,
    longestPaymentTerms: supplier.mostFlexiblePaymentTerms,
    capitalCostPerYear: supplier.capitalCostPerYear,
  };
}

/**
 * The structured facts one agent sees on its turn. It travels inside the prompt as a tagged JSON
 * block, so an LLM reads it as context and the local negotiation model plays from it: both get the
 * same Agent call. Each side sees only its own private numbers (the brand's limits and the buyer's
 * notes; the supplier's floor stays in the supplier's profile).
 */
export const turnStateSchema = z.object({
  role: z.enum(["brand", "supplier"]),
  /** `decide` asks for the structured move; `speak` asks for the message conveying a decided move. */
  phase: z.enum(["decide", "speak"]),
  supplierId: z.string(),
  supplierName: z.string(),
  round: z.number().int().positive(),
  maxRounds: z.number().int().positive(),
  /** The brand's last word: after the supplier's final offer it may only accept or walk away. */
  closing: z.boolean(),
  /** Brand only: the supplier answers in person, so its messages are a person's own words. */
  supplierInPerson: z.boolean().optional(),
  request: z.object({
    lines: z.array(
      z.object({
        productId: productIdSchema,
        productName: z.string(),
        unit: z.string(),
        /** The buyer's description of the product for the suppliers (material, size, finish). */
        specification: z.string().optional(),
        quantity: z.number().int().positive(),
        /** Brand only: the most it may pay per unit. */
        maxUnitPrice: z.number().positive().optional(),
        /** Brand only: the going market price per unit, what "anchor on the market" means. */
        marketUnitPrice: z.number().positive().optional(),
      }),
    ),
    maxLeadTimeDays: z.number().int().positive().optional(),
    /** Brand only, while deciding. */
    priorities: z
      .object({ price: z.number(), quality: z.number(), speed: z.number(), reliability: z.number() })
      .optional(),
    /** Brand only, while deciding: the buyer's private notes, never shown or phrased to a supplier. */
    notes: z.string().optional(),
  }),
  /** The supplier's published rate card (see above). */
  rateCard: rateCardSchema.optional(),
  /**
   * Brand only, while deciding: the best competing offer in this run so far, as money in the
   * buyer's terms: what it costs the buyer net of the credit it gives, plus its lead time at
   * buyerValuation.leadDayValue a day (domain/utility.ts). Any offer priced the same way and
   * costing more is worse. Never phrased: who made it and on what terms stays with the brand.
   */
  alternative: z.object({ netCost: z.number() }).optional(),
  /**
   * Supplier only, while deciding: the least it truly accepts per unit, at its usual lead time and
   * opening payment terms (faster delivery and longer credit cost extra, by its rate card).
   */
  walkAway: z.array(z.object({ productId: productIdSchema, unitPrice: z.number().positive() })).optional(),
  /**
   * Brand only, while deciding: the buyer's exchange rate (domain/utility.ts), so a real model can
   * trade as the local one does: what a day of lead time is worth in money, and its yearly rate for
   * credit (net-30 is worth 30/365 of it on the total).
   */
  buyerValuation: z.object({ leadDayValue: z.number(), capitalRatePerYear: z.number() }).optional(),
  /** The brand holds a better competing offer and says so, without naming it or its terms. */
  leverage: z.boolean().optional(),
  history: z.array(
    z.object({
      round: z.number().int().positive(),
      sender: z.enum(["brand", "supplier"]),
      decision: z.string(),
      terms: termsSchema,
    }),
  ),
  /** Set in the speak phase: the move the message must convey, exactly. */
  decided: z.object({ decision: z.string(), terms: termsSchema }).optional(),
});
export type TurnState = z.infer<typeof turnStateSchema>;

export type HistoryEntry = TurnState["history"][number];

const OPEN = "<negotiation-state>";
const CLOSE = "</negotiation-state>";

/**
 * The block, with `<` and `>` inside the JSON written as \u003c / \u003e (still the same JSON), so
 * no text in the state (the buyer's notes, say) can open or close a block of its own.
 */
export function renderTurnState(state: TurnState): string {
  const json = JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${OPEN}\n${json}\n${CLOSE}`;
}

/**
 * Text from outside the engine (the other side's messages, a supplier's or a buyer's name) as it
 * goes into a prompt: its angle brackets become look-alike quotation marks, so no tag in it can
 * open or close a block (the state, the conversation) and it reads as what it is.
 */
export function quotedText(text: string): string {
  return text.replace(/</g, "‹").replace(/>/g, "›");
}

/** Finds the last state block in a prompt; null when there is none or it does not parse. */
export function extractTurnState(promptText: string): TurnState | null {
  const end = promptText.lastIndexOf(CLOSE);
  if (end < 0) return null;
  const start = promptText.lastIndexOf(OPEN, end);
  if (start < 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(promptText.slice(start + OPEN.length, end));
  } catch {
    return null;
  }
  const parsed = turnStateSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * The state for phrasing a decided move: the brand's private facts (limits, priorities, the buyer's
 * notes, the competing offer's value) are left out, so whatever writes the message to the supplier, the local model or an LLM,
 * cannot repeat what it was never shown. Writing needs only the move and the last move of each
 * side (what it answers, what it asked before), not the rate card or the whole history.
 */
export function stateForSpeaking(state: TurnState, decided: NonNullable<TurnState["decided"]>): TurnState {
  const { maxLeadTimeDays: _limit, priorities: _priorities, notes: _notes, ...request } = state.request;
  const {
    alternative: _alternative,
    buyerValuation: _valuation,
    rateCard: _card,
    walkAway: _walkAway,
    history,
    ...shared
  } = state;
  const lastOf = (sender: HistoryEntry["sender"]) => history.findLast((h) => h.sender === sender);
  const recent = history.filter((h) => h === lastOf("brand") || h === lastOf("supplier"));
  return {
    ...shared,
    history: recent,
    phase: "speak",
    decided,
    request: {
      ...request,
      lines: request.lines.map(({ maxUnitPrice: _max, marketUnitPrice: _market, ...line }) => line),
    },
  };
}

import type { BrandTurn, SupplierTurn, Terms } from "../../domain/offer";
import { totalPrice } from "../../domain/offer";
import { roundCents } from "../../domain/money";
import {
  PAYMENT_TERMS,
  unitPriceBounds,
  getSupplier,
  type PaymentTerms,
  type SupplierProfile,
} from "../../domain/suppliers";
import type { HistoryEntry, TurnState } from "../../negotiation/turn-state";
import { offerWithinLimits } from "../../negotiation/guardrails";
import type { Random } from "./seeded-random";

/**
 * Time-dependent concession tactics (Faratin et al.): at progress t ∈ [0, 1] a side has conceded
 * t^(1/β) of the way from its opening to its reservation value. β < 1 holds firm until late,
 * β > 1 gives ground early. A little seeded noise keeps suppliers from moving in lockstep.
 */
export function concession(progress: number, style: number): number {
  const t = Math.min(1, Math.max(0, progress));
  return t ** (1 / style);
}

function progressOf(state: TurnState): number {
  return state.maxRounds <= 1 ? 1 : (state.round - 1) / (state.maxRounds - 1);
}

function lastFrom(history: readonly HistoryEntry[], sender: HistoryEntry["sender"]): HistoryEntry | undefined {
  return history.findLast((entry) => entry.sender === sender);
}

const VALIDITY_DAYS = 14;

function termsIndex(terms: PaymentTerms): number {
  return PAYMENT_TERMS.indexOf(terms);
}

export function supplierMove(state: TurnState, random: Random): SupplierTurn {
  const supplier = getSupplier(state.supplierId);
  const conceded = Math.min(1, concession(progressOf(state), supplier.concessionStyle) + (random() - 0.5) * 0.06);
  const counter = lastFrom(state.history, "brand");
  const planned = supplierPlannedTerms(state, supplier, conceded, counter?.terms);

  if (counter && counter.decision === "counter" && supplierCanAccept(state, supplier, counter.terms, planned)) {
    return {
      decision: "accept",
      terms: counter.terms,
      rationale: "The counter-offer is at or above what we planned to offer next.",
    };
  }
  const lastRound = state.round >= state.maxRounds;
  return {
    decision: "offer",
    terms: planned,
    rationale: lastRound
      ? "Best and final offer: prices at our floor for this order."
      : `Conceded ${Math.round(conceded * 100)}% of our margin so far.`,
  };
}

function supplierPlannedTerms(
  state: TurnState,
  supplier: SupplierProfile,
  conceded: number,
  brandAsk: Terms | undefined,
): Terms {
  const lines = state.request.lines.map((line) => {
    const { list, floor } = unitPriceBounds(supplier, line.productId, line.quantity);
    const unitPrice = Math.max(floor, roundCents(list - (list - floor) * conceded));
    return { productId: line.productId, quantity: line.quantity, unitPrice };
  });
  const wantedLead = brandAsk?.leadTimeDays ?? supplier.leadTimeDays;
  const leadSpan = supplier.leadTimeDays - supplier.fastestLeadTimeDays;
  const leadTimeDays = Math.max(
    wantedLead,
    Math.round(supplier.leadTimeDays - leadSpan * conceded),
    supplier.fastestLeadTimeDays,
  );
  const openIdx = termsIndex(supplier.openingPaymentTerms);
  const maxIdx = termsIndex(supplier.mostFlexiblePaymentTerms);
  const wantedIdx = brandAsk ? termsIndex(brandAsk.paymentTerms) : openIdx;
  const termsIdx = Math.max(openIdx, Math.min(wantedIdx, openIdx + Math.round((maxIdx - openIdx) * conceded)));
  return {
    lines,
    leadTimeDays: Math.min(leadTimeDays, supplier.leadTimeDays),
    paymentTerms: PAYMENT_TERMS[termsIdx] ?? supplier.openingPaymentTerms,
    validityDays: VALIDITY_DAYS,
  };
}

function supplierCanAccept(state: TurnState, supplier: SupplierProfile, ask: Terms, planned: Terms): boolean {
  const aboveFloor = ask.lines.every(
    (line) => line.unitPrice >= unitPriceBounds(supplier, line.productId, line.quantity).floor,
  );
  const feasibleLead = ask.leadTimeDays >= supplier.fastestLeadTimeDays;
  const feasibleTerms = termsIndex(ask.paymentTerms) <= termsIndex(supplier.mostFlexiblePaymentTerms);
  const coversPlan = totalPrice(ask) >= totalPrice(planned) * 0.99;
  return state.request.lines.length === ask.lines.length && aboveFloor && feasibleLead && feasibleTerms && coversPlan;
}

/** The brand's opening ask per unit, as a share of its limit. */
const BRAND_OPENING_RATIO = 0.72;
const BRAND_STYLE = 1;

export function brandMove(state: TurnState, random: Random): BrandTurn {
  const offer = lastFrom(state.history, "supplier");
  if (!offer)
    return { decision: "counter", terms: brandOpening(state), rationale: "Opening request at our target prices." };

  const withinLimits = offerWithinLimits(state, offer.terms);
  if (state.closing) {
    return withinLimits
      ? { decision: "accept", terms: offer.terms, rationale: "Final offer is within the buyer's limits." }
      : { decision: "walk-away", terms: offer.terms, rationale: "Final offer is still above the buyer's limits." };
  }

  const aspired = brandAspiration(state, concession(progressOf(state), BRAND_STYLE) + (random() - 0.5) * 0.04);
  if (withinLimits && totalPrice(offer.terms) <= totalPrice(aspired) * 1.01) {
    return { decision: "accept", terms: offer.terms, rationale: "The offer meets our aspiration for this round." };
  }
  const lines = aspired.lines.map((line) => {
    const offered = offer.terms.lines.find((l) => l.productId === line.productId)?.unitPrice ?? line.unitPrice;
    return { ...line, unitPrice: Math.min(line.unitPrice, offered) };
  });
  return {
    decision: "counter",
    terms: {
      lines,
      leadTimeDays: Math.min(offer.terms.leadTimeDays, aspired.leadTimeDays),
      paymentTerms:
        PAYMENT_TERMS[Math.min(termsIndex(offer.terms.paymentTerms) + 1, PAYMENT_TERMS.length - 1)] ?? "net-30",
      validityDays: VALIDITY_DAYS,
    },
    rationale: "Countering between our target and our limit.",
  };
}

function brandOpening(state: TurnState): Terms {
  return brandAspiration(state, 0);
}

function brandAspiration(state: TurnState, conceded: number): Terms {
  const { request } = state;
  const speedWeight = request.priorities
    ? request.priorities.speed / Math.max(1e-9, sumWeights(request.priorities))
    : 0.25;
  const wantedLead = request.maxLeadTimeDays ?? 30;
  return {
    lines: request.lines.map((line) => {
      const limit = line.maxUnitPrice ?? Number.POSITIVE_INFINITY;
      const target = roundCents(limit * BRAND_OPENING_RATIO);
      return {
        productId: line.productId,
        quantity: line.quantity,
        unitPrice: roundCents(target + (limit - target) * Math.min(1, Math.max(0, conceded))),
      };
    }),
    // A buyer who weighs speed heavily opens by asking for a much faster delivery.
    leadTimeDays: Math.max(7, Math.round(wantedLead * (1 - speedWeight))),
    paymentTerms: "net-60",
    validityDays: VALIDITY_DAYS,
  };
}

function sumWeights(p: NonNullable<TurnState["request"]["priorities"]>): number {
  return p.price + p.quality + p.speed + p.reliability;
}

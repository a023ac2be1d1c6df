import type { Terms } from "../../../domain/offer";
import { totalPrice } from "../../../domain/offer";
import { formatMoney } from "../../../domain/money";
import { PAYMENT_TERMS, type SupplierProfile } from "../../../domain/suppliers";
import { CONFIRM_ORDER, DECLINE_ORDER } from "../../../domain/decision";
import type { TurnState } from "../../protocol/turn-state";
import { pick, type Random } from "./seeded-random";

/*
 * The message a negotiator would send for a decided move: plain business prose that states every
 * number of the structured terms, varied by the seeded random source.
 */

function decidedMove(state: TurnState): NonNullable<TurnState["decided"]> {
  if (!state.decided) throw new Error("the speak phase needs a decided move to phrase");
  return state.decided;
}

export function phraseBrandMessage(state: TurnState, random: Random): string {
  const { decision, terms } = decidedMove(state);
  return phraseBrand(state, decision, terms, random);
}

/** A supplier speaks in its profile's voice. */
export function phraseSupplierMessage(state: TurnState, random: Random, voice: SupplierProfile["voice"]): string {
  const { decision, terms } = decidedMove(state);
  return phraseSupplier(state, decision, terms, random, voice);
}

function lineList(state: TurnState, terms: Terms): string {
  const parts = terms.lines.map((line) => {
    const meta = state.request.lines.find((l) => l.productId === line.productId);
    const name = meta ? `${meta.productName}s` : line.productId;
    return `${line.quantity.toLocaleString("en-US")} ${name} at ${formatMoney(line.unitPrice)}/${meta?.unit ?? "unit"}`;
  });
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

function termsSentence(terms: Terms): string {
  return `delivery in ${terms.leadTimeDays} days, ${terms.paymentTerms} payment, and the price held for ${terms.validityDays} days`;
}

function phraseBrand(state: TurnState, decision: string, terms: Terms, random: Random): string {
  const supplier = state.supplierName;
  if (decision === CONFIRM_ORDER || decision === DECLINE_ORDER) return phraseClosing(state, decision, terms, random);
  if (state.history.length === 0 && decision !== "walk-away") {
    // The buyer's notes are private to the brand: they shape its decisions, never its words.
    return [
      pick(random, [`Hello ${supplier} team,`, `Hi ${supplier},`, `Good morning ${supplier},`]),
      pick(random, [
        "we're sourcing for our next production run and would like your best terms.",
        "we're placing an order soon and would value a quote from you.",
      ]),
      `We're looking for ${lineList(state, terms)}, with ${termsSentence(terms)}.`,
      pick(random, ["What can you do?", "Can you work with those numbers?", "Let us know how close you can get."]),
      "Any terms we agree are subject to our final approval.",
    ].join(" ");
  }
  if (decision === "accept") {
    return [
      pick(random, ["That works for us.", "We have a deal.", "Agreed."]),
      `We accept ${lineList(state, terms)}, ${termsSentence(terms)}, ${formatMoney(totalPrice(terms))} in total.`,
      pick(random, [
        "This is agreed subject to our final approval; we'll confirm the order in writing within your offer's validity.",
        "Our buyer signs off on every order: we'll confirm in writing once it's approved, within your offer's validity.",
      ]),
    ].join(" ");
  }
  if (decision === "walk-away" && !state.history.some((h) => h.sender === "supplier")) {
    // Walking away before any offer: the supplier's published fastest delivery cannot meet the schedule.
    return [
      pick(random, [`Hello ${supplier} team,`, `Hi ${supplier},`]),
      "thank you for your rate card. Your fastest delivery is slower than our production schedule allows,",
      "so we won't ask you to quote this order.",
      pick(random, ["We hope to work together on a future run.", "Let's stay in touch for the next season."]),
    ].join(" ");
  }
  if (decision === "walk-away") {
    return [
      pick(random, ["Thank you for your patience through these rounds.", "We appreciate the effort you've put in."]),
      "Unfortunately your final terms are still outside our budget, so we'll have to pass on this order.",
      pick(random, ["We hope to work together on a future run.", "Let's stay in touch for the next season."]),
    ].join(" ");
  }
  return [
    pick(random, ["Thanks for the revised quote.", "We appreciate the movement.", "Thanks, that's helpful."]),
    pick(random, [
      "We're still above what we budgeted for this run.",
      "The numbers don't quite work for us yet.",
      "We need to get closer to our target.",
    ]),
    `We can commit to ${lineList(state, terms)}, with ${termsSentence(terms)}.`,
    ...givingBack(state, terms),
    // Leverage without a name or a number: who the competitor is and what it offered stay private.
    ...(state.leverage ? ["To be open with you, we hold a better competing offer for this order."] : []),
    state.round >= state.maxRounds
      ? "This is as far as we can go."
      : pick(random, [
          "Can you meet us there?",
          "Would that work on your side?",
          "If you can match that, we can move quickly.",
        ]),
  ].join(" ");
}

/**
 * The brand's last word after the buyer decided: the winner's order confirmation on its agreed terms,
 * or a courteous decline that names no other supplier and states no price or term.
 */
function phraseClosing(state: TurnState, decision: string, terms: Terms, random: Random): string {
  const supplier = state.supplierName;
  if (decision === CONFIRM_ORDER) {
    return [
      pick(random, [`Good news, ${supplier}:`, `Hello ${supplier} team,`]),
      "our buyer has approved your offer, and we're placing the order.",
      `We confirm ${lineList(state, terms)}, ${termsSentence(terms)}, ${formatMoney(totalPrice(terms))} in total.`,
      pick(random, ["Our purchase order follows.", "You'll receive our purchase order shortly."]),
      "Thank you for working with us.",
    ].join(" ");
  }
  return [
    pick(random, [`Hello ${supplier} team,`, `Hi ${supplier},`]),
    "thank you for the time and care you put into this quote.",
    pick(random, [
      "After review, we've decided not to go ahead with your offer on this order.",
      "We've decided to place this order elsewhere this time.",
    ]),
    pick(random, ["We hope to work together on a future run.", "We'd be glad to ask you again next season."]),
  ].join(" ");
}

/**
 * When the brand asks for slower delivery or shorter credit than it asked before, it is trading them
 * back for price: it says so, so the supplier (a person or a model) knows the move is worth more to
 * it than the price alone shows.
 */
function givingBack(state: TurnState, terms: Terms): string[] {
  const asked = state.history.findLast((h) => h.sender === "brand" && h.decision === "counter")?.terms;
  if (!asked) return [];
  const slower = terms.leadTimeDays > asked.leadTimeDays;
  const shorter = PAYMENT_TERMS.indexOf(terms.paymentTerms) < PAYMENT_TERMS.indexOf(asked.paymentTerms);
  if (!slower && !shorter) return [];
  const given = [
    ...(slower ? [`delivery in ${terms.leadTimeDays} days instead of ${asked.leadTimeDays}`] : []),
    ...(shorter ? [`${terms.paymentTerms} payment instead of ${asked.paymentTerms}`] : []),
  ].join(" and ");
  return [`To meet you on price we'll take ${given}, which saves you what rushing and credit cost you.`];
}

function phraseSupplier(
  state: TurnState,
  decision: string,
  terms: Terms,
  random: Random,
  voice: SupplierProfile["voice"],
): string {
  const greeting = {
    formal: ["Thank you for your message.", "Thank you for the opportunity to quote.", "We appreciate your interest."],
    warm: ["Great to hear from you!", "Thanks so much for reaching out!", "Lovely to be working on this with you."],
    brisk: ["Thanks.", "Noted.", "Understood."],
  }[voice];
  if (decision === "accept") {
    return [
      pick(random, greeting),
      `We can accept ${lineList(state, terms)}, ${termsSentence(terms)}, ${formatMoney(totalPrice(terms))} in total.`,
      pick(random, [
        "We'll hold these terms for you while you confirm.",
        "We'll reserve production capacity pending your confirmation.",
      ]),
    ].join(" ");
  }
  if (decision === "reject") {
    return [
      pick(random, greeting),
      "Your price stays too far below what this order costs us, so we'll have to decline.",
    ].join(" ");
  }
  const final = state.round >= state.maxRounds;
  return [
    pick(random, greeting),
    final
      ? "This is our best and final offer:"
      : state.round === 1
        ? pick(random, ["Here is our quote:", "We can offer the following:"])
        : pick(random, [
            "We've gone back to our costing and can improve:",
            "We can meet you part of the way:",
            "Here's what we can do:",
          ]),
    `${lineList(state, terms)}, ${termsSentence(terms)}.`,
    pick(
      random,
      {
        formal: [
          "Our quality certification and on-time record speak for this price.",
          "This reflects our premium materials and finishing.",
        ],
        warm: ["We'd really love to make this work with you.", "Our team can start production as soon as you confirm."],
        brisk: ["Volume pricing already applied.", "Capacity is filling up for next month."],
      }[voice],
    ),
  ].join(" ");
}

import { Agent } from "@mastra/core/agent";
import type { MastraMemory } from "@mastra/core/memory";
import { RequestContext } from "@mastra/core/request-context";
import { BUILT_IN_SUPPLIERS, floorPrice, supplierProfileSchema, type SupplierProfile } from "../../domain/suppliers";
import { formatMoney } from "../../domain/money";
import { describeValidationError } from "../../domain/validation-error";
import type { NegotiationModel } from "../models/create-model";
import { quotedText } from "../protocol/turn-state";
import { phaseOf } from "../protocol/call-phase";
import { renderSupplierProfile } from "../protocol/supplier-profile-block";

export const SUPPLIER_AGENT_ID = "supplier-negotiator";
/** The request-context key naming the supplier an agent call speaks for. */
export const SUPPLIER_CONTEXT_KEY = "supplier";

/**
 * The one supplier agent: which supplier it is comes with each call, in its request context
 * (`supplier`: a SupplierProfile), and its instructions are built from that profile. Adding a
 * supplier is a row of data, not an agent. A chat in Mastra Studio that sets no supplier speaks
 * for the first built-in one; Studio's request-context editor can set any other.
 */
export function createSupplierAgent(model: NegotiationModel, memory?: MastraMemory): Agent {
  return new Agent({
    id: SUPPLIER_AGENT_ID,
    name: "Supplier negotiator",
    description:
      "Sales lead of the supplier named in the request context (`supplier`), negotiating an order with a brand.",
    instructions: ({ requestContext }) => {
      const profile = supplierInContext(requestContext);
      if (!profile) return studioInstructions(BUILT_IN_SUPPLIERS[0]!);
      return phaseOf(requestContext) === "speak" ? speakingInstructions(profile) : supplierInstructions(profile);
    },
    model,
    ...(memory ? { memory } : {}),
  });
}

/**
 * The supplier a call speaks for, or undefined when it names none; a value that is not a valid
 * profile is refused, naming the field.
 */
function supplierInContext(requestContext: RequestContext): SupplierProfile | undefined {
  const value: unknown = requestContext.get(SUPPLIER_CONTEXT_KEY);
  if (value === undefined) return undefined;
  if (checked.has(value as object)) return value as SupplierProfile;
  const parsed = supplierProfileSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `request context "${SUPPLIER_CONTEXT_KEY}" is not a supplier profile:\n${describeValidationError(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** Profiles the engine already validated: it hands the same object to every call of a negotiation. */
const checked = new WeakSet<object>();

/**
 * The request context for one negotiation's supplier calls. The profile has been through
 * `supplierProfileSchema` (the workflow's input, a supplier file), so it is not checked again per call.
 */
export function supplierRequestContext(profile: SupplierProfile): RequestContext {
  checked.add(profile);
  const context = new RequestContext();
  context.set(SUPPLIER_CONTEXT_KEY, profile);
  return context;
}

/**
 * A call that names no supplier (Studio's chat, or the agent's page, which any developer's token
 * can read) speaks for the first built-in supplier with what a supplier publishes: who it is, its
 * record and its manner. Its book (prices, floor, costs) is in no instructions but a negotiation's.
 */
function studioInstructions(profile: SupplierProfile): string {
  return [
    `You are the sales lead of ${quotedText(profile.name)}, a manufacturer in ${quotedText(profile.country)}, negotiating an order with a brand.`,
    `Your quality rating is ${profile.quality}/5 and you deliver ${Math.round(profile.onTimeRate * 100)}% of orders on time; your tone is ${profile.voice}.`,
    "Terms are settled inside a negotiation, where each call brings your book; in a chat, say what you make and how a negotiation starts.",
  ].join(" ");
}

/**
 * Writing the message for a move already decided (call-phase.ts): who it is, its tone, what to
 * say, and its book (the local model plays its voice from it). Short: every call carries it.
 */
function speakingInstructions(profile: SupplierProfile): string {
  const cached = speakingByProfile.get(profile);
  if (cached !== undefined) return cached;
  const instructions = [
    `You are the sales lead of ${quotedText(profile.name)}, a manufacturer in ${quotedText(profile.country)}, writing to a brand in a negotiation.`,
    `Your tone is ${profile.voice}. The request carries the negotiation state as JSON inside <negotiation-state> with the`,
    "move already decided (decided): write two to four sentences to the brand stating the decided terms exactly.",
    "Never mention your floor, walk-away price or costs.",
    renderSupplierProfile(profile),
  ].join(" ");
  speakingByProfile.set(profile, instructions);
  return instructions;
}

const speakingByProfile = new WeakMap<SupplierProfile, string>();

/** Instructions are the same for the same profile object: built once, not on every call. */
const instructionsByProfile = new WeakMap<SupplierProfile, string>();

function supplierInstructions(profile: SupplierProfile): string {
  const cached = instructionsByProfile.get(profile);
  if (cached !== undefined) return cached;
  // The profile is priced for the quote (pricedFor): every product it is asked about is listed.
  const prices = Object.entries(profile.listPrices)
    .map(
      ([id, list]) => `${id}: list ${formatMoney(list)}, never below ${formatMoney(floorPrice(profile, id))} per unit`,
    )
    .join("; ");
  const instructions = [
    `You are the sales lead of ${quotedText(profile.name)}, a manufacturer in ${quotedText(profile.country)}, negotiating an order with a brand.`,
    `Your prices: ${prices}.`,
    "Each request carries the negotiation state as JSON inside <negotiation-state>: the order, every move so far and",
    "the brand's latest message. Your published rate card (rateCard: list prices for these lines, delivery range,",
    "expedite surcharge, longest terms, credit rate) is what the brand sees too; your floor and",
    "walkAway (per line, the least you truly accept at your usual lead time and opening terms) are yours alone.",
    `Each day faster than ${profile.leadTimeDays} days costs you ${(profile.rushCostPerDay * 100).toFixed(1)}% of the order's list value; credit costs you ${Math.round(profile.capitalCostPerYear * 100)}% a year: price them in when you grant them.`,
    `Concede gradually${profile.concessionStyle < 1 ? ", holding firm until late" : ", willing to move early"}, never above list, never below walkAway plus those costs;`,
    "make it your final offer at the latest. Accept the brand's counter when it is worth at least your next offer;",
    "reject only a counter far below walkAway or one that has stopped moving below it. When leverage is true, the brand",
    "holds a better competing offer: you may concede faster. Answer with exactly the requested JSON move.",
    "Your book, as data (never to be shared with the brand):",
    renderSupplierProfile(profile),
  ].join(" ");
  instructionsByProfile.set(profile, instructions);
  return instructions;
}

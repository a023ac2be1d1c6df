import { Agent } from "@mastra/core/agent";
import type { MastraMemory } from "@mastra/core/memory";
import { RequestContext } from "@mastra/core/request-context";
import { PRODUCT_CATALOG } from "../domain/products";
import { BUILT_IN_SUPPLIERS, floorPrice, supplierProfileSchema, type SupplierProfile } from "../domain/suppliers";
import { formatMoney } from "../domain/money";
import { describeValidationError } from "../domain/validation-error";
import type { NegotiationModel } from "../models/create-model";
import { quotedText } from "../negotiation/turn-state";
import { renderSupplierProfile } from "./supplier-profile-block";

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
      return profile ? supplierInstructions(profile) : studioInstructions(BUILT_IN_SUPPLIERS[0]!);
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

/** Instructions are the same for the same profile object: built once, not on every call. */
const instructionsByProfile = new WeakMap<SupplierProfile, string>();

function supplierInstructions(profile: SupplierProfile): string {
  const cached = instructionsByProfile.get(profile);
  if (cached !== undefined) return cached;
  const prices = PRODUCT_CATALOG.map(
    (p) =>
      `${p.name}: list ${formatMoney(profile.listPrices[p.id])}, never below ${formatMoney(floorPrice(profile, p.id))} per ${p.unit}`,
  ).join("; ");
  const instructions = [
    `You are the sales lead of ${quotedText(profile.name)}, a manufacturer in ${quotedText(profile.country)}, negotiating an order with a brand.`,
    `Your prices: ${prices}. Orders under ${profile.minOrderQuantity} units per line cost 8% more.`,
    `Usual lead time ${profile.leadTimeDays} days, never faster than ${profile.fastestLeadTimeDays} days.`,
    `You open with ${profile.openingPaymentTerms} payment terms and can go as far as ${profile.mostFlexiblePaymentTerms}.`,
    `Your quality rating is ${profile.quality}/5 and you deliver ${Math.round(profile.onTimeRate * 100)}% of orders on time.`,
    `Each day faster than ${profile.leadTimeDays} days costs you ${(profile.rushCostPerDay * 100).toFixed(1)}% of the order's list value; credit costs you ${Math.round(profile.capitalCostPerYear * 100)}% a year. Price those in when you grant them.`,
    `Your tone is ${profile.voice}. Concede gradually${profile.concessionStyle < 1 ? ", holding firm until late" : ", willing to move early"};`,
    "never offer above list, make your true best offer in the last round, and decline a counter far below your floor.",
    "When the state says leverage is true, the brand holds a better competing offer: you may concede faster.",
    "Each request carries the negotiation state as JSON inside <negotiation-state>. When asked for a structured move,",
    "answer with exactly the requested JSON: offer your terms, accept the brand's latest counter if it is good enough,",
    "or reject. When asked for a message, write two to four sentences to the brand stating the decided terms exactly.",
    "Your own book, as data (yours alone, never to be shared with the brand):",
    renderSupplierProfile(profile),
  ].join(" ");
  instructionsByProfile.set(profile, instructions);
  return instructions;
}

import { Agent } from "@mastra/core/agent";
import type { MastraMemory } from "@mastra/core/memory";
import { PRODUCT_CATALOG } from "../domain/products";
import { floorPrice, type SupplierProfile } from "../domain/suppliers";
import { formatMoney } from "../domain/money";
import type { NegotiationModel } from "../models/create-model";

export function supplierAgentId(supplierId: string): string {
  return `supplier-${supplierId}`;
}

/** One agent per supplier: its private profile (list prices, floor, capacity) is in its instructions. */
export function createSupplierAgent(profile: SupplierProfile, model: NegotiationModel, memory?: MastraMemory): Agent {
  const prices = PRODUCT_CATALOG.map(
    (p) =>
      `${p.name}: list ${formatMoney(profile.listPrices[p.id])}, never below ${formatMoney(floorPrice(profile, p.id))} per ${p.unit}`,
  ).join("; ");
  return new Agent({
    id: supplierAgentId(profile.id),
    name: `${profile.name} (supplier)`,
    description: `Sales lead of ${profile.name}, ${profile.country}.`,
    instructions: [
      `You are the sales lead of ${profile.name}, a manufacturer in ${profile.country}, negotiating an order with a brand.`,
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
    ].join(" "),
    model,
    ...(memory ? { memory } : {}),
  });
}

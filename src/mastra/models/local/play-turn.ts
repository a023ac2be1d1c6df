import { extractSupplierProfile } from "../../protocol/supplier-profile-block";
import type { SupplierProfile } from "../../../domain/suppliers";
import type { TurnState } from "../../protocol/turn-state";
import { brandMove } from "./brand-strategy";
import { supplierMove } from "./supplier-strategy";
import { phraseBrandMessage, phraseSupplierMessage } from "./phrasing";
import type { Random } from "./seeded-random";

export interface TurnPlay {
  random: Random;
  /** The seed also draws each simulated supplier's character (reservation, patience) for the run. */
  seed: number;
  /** A structured move (JSON) is asked for, rather than the message conveying one. */
  structured: boolean;
}

/**
 * What the local negotiator answers on a turn: the move as JSON, or the message for a decided
 * move. A supplier plays the profile in its instructions (the supplier agent's `<supplier-profile>`
 * block), as an LLM would read it there.
 */
export function playTurn(state: TurnState, instructions: string, play: TurnPlay): string {
  if (state.role === "brand") {
    return play.structured ? JSON.stringify(brandMove(state, play.random)) : phraseBrandMessage(state, play.random);
  }
  const supplier = supplierOf(instructions);
  return play.structured
    ? JSON.stringify(supplierMove(state, supplier, play.random, play.seed))
    : phraseSupplierMessage(state, play.random, supplier.voice);
}

function supplierOf(instructions: string): SupplierProfile {
  const profile = extractSupplierProfile(instructions);
  if (!profile) {
    throw new Error(
      "The local negotiation model plays a supplier from the <supplier-profile> block in its instructions; this call has none.",
    );
  }
  return profile;
}

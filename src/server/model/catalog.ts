import { MAX_ROUNDS_LIMIT } from "../../domain/quote";
import { MAX_SUPPLIERS_PER_QUOTE } from "../../domain/suppliers";

/**
 * The limits as the Convex functions see them, read from the kernel (src/domain) so Convex and the
 * workflow can never disagree on how many suppliers a quote may invite or rounds it may run (which
 * products and payment terms exist reaches Convex through the zod schemas: validators.ts). Which
 * suppliers exist is data: the `suppliers` table (supplierDirectory.ts).
 *
 * Convex bundles each function file with esbuild, imports included, so code under src/server may
 * import `src/domain`: it imports only zod and itself, and runs in Convex's default runtime. Nothing
 * under src/mastra may be imported here (agents, workflows and storage pull in Mastra and Node);
 * the import rules (.dependency-cruiser.cjs, run by `npm run lint`) refuse it.
 */

/** A quote has one negotiation per invited supplier: reads of a quote's negotiations take this many. */
export const MAX_NEGOTIATIONS_PER_QUOTE = MAX_SUPPLIERS_PER_QUOTE;

/**
 * Two messages a round, the brand's last word, and its closing message after the buyer's decision
 * (confirmation or decline): the most a negotiation of `maxRounds` writes.
 */
export function maxMessagesPerNegotiation(maxRounds: number): number {
  return 2 * maxRounds + 2;
}

/** Reads of a negotiation's messages take this many; writes refuse a sequence beyond their quote's share. */
export const MAX_MESSAGES_PER_NEGOTIATION = maxMessagesPerNegotiation(MAX_ROUNDS_LIMIT);

/** A failure reason or explanation from the run: far above any real one, far below Convex's limits. */
export const MAX_REASON_LENGTH = 4_000;

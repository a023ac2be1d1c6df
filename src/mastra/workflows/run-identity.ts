import type { RequestContext } from "@mastra/core/request-context";
import { deriveWriteToken, runGrantClaimsSchema } from "../../shared/run-credentials";

/**
 * Who a run is and where it may write, decided from the verified caller only.
 *
 * The Mastra server's auth puts the verified JWT payload under `mastra__user` in the request
 * context (a body cannot set keys starting `mastra__`; every other key in it is the caller's word,
 * so none is read). A run started by Convex carries a grant there (quoteId, runId, runNonce): the
 * quote comes from the grant, never from the input, and the grant yields the run's write token.
 * Every other run (Studio with a dev token, the CLI, tests, which have no HTTP caller at all) is a
 * local run: it writes only to a local transcript, under ids of its own when the input has none.
 */
export type RunIdentity =
  | { kind: "convex"; quoteId: string; userId: string; writeToken: string }
  | { kind: "local"; quoteId: string; userId: string };

interface RunInput {
  quoteId?: string | undefined;
  userId?: string | undefined;
}

/** The caller-verified grant, if the run has one; throws when it is there but not for this run. */
export async function resolveRunIdentity(options: {
  requestContext: RequestContext | undefined;
  runId: string;
  input: RunInput;
  /** MASTRA_AUTH_SECRET, to derive the write token; without it no run writes to Convex. */
  authSecret: string | undefined;
}): Promise<RunIdentity> {
  const { requestContext, runId, input, authSecret } = options;
  const grant = runGrantClaimsSchema.safeParse(requestContext?.get("mastra__user"));
  if (grant.success && authSecret !== undefined) {
    const claims = grant.data;
    if (claims.runId !== runId) {
      throw new Error(`this run (${runId}) was not the run Convex granted (${claims.runId})`);
    }
    if (input.quoteId !== undefined && input.quoteId !== claims.quoteId) {
      throw new Error(`the input names quote ${input.quoteId}, but this run was started for quote ${claims.quoteId}`);
    }
    return {
      kind: "convex",
      quoteId: claims.quoteId,
      userId: input.userId ?? "unknown",
      writeToken: await deriveWriteToken(authSecret, claims),
    };
  }
  return { kind: "local", quoteId: input.quoteId ?? `local-${runId}`, userId: input.userId ?? "local" };
}

/**
 * One negotiation id per supplier, in supplier order: the input's (a Convex run must bring them,
 * they are its rows) or, for a local run without any, ids made from the quote id.
 */
export function negotiationIdsFor(
  identity: RunIdentity,
  input: { negotiationIds?: string[] | undefined },
  supplierIds: readonly string[],
): string[] {
  if (input.negotiationIds !== undefined) return input.negotiationIds;
  if (identity.kind === "convex") throw new Error("a run started by Convex needs its negotiationIds");
  return supplierIds.map((supplierId) => `${identity.quoteId}-${supplierId}`);
}

import { SignJWT, base64url } from "jose";
import { z } from "zod";

/**
 * The credentials of the run path, shared by the Convex functions and the Mastra server so both
 * sign and check them the same way. Web Crypto only (`crypto.subtle`, and `jose`, which is built on
 * it), which Convex's default runtime and Node both have.
 *
 * - Every call Convex makes to the Mastra server carries a short-lived HS256 JWT signed with the
 *   deployment's MASTRA_AUTH_SECRET (the Mastra server holds the same secret).
 * - The JWT that starts a run also grants that run its writes: `quoteId`, `runId` and a random
 *   `runNonce` that Convex drew for this run. The run's write token is an HMAC of those under the
 *   secret, so it exists only where both the secret and the nonce are known: Convex (which keeps
 *   only the token's SHA-256 on the quote) and the run itself. The nonce alone (kept in Mastra's
 *   run snapshot) is useless without the secret, and the secret alone is useless without a nonce.
 */

/** The workflow's registration key on the Mastra server: the REST routes Convex calls name it. */
export const NEGOTIATION_WORKFLOW_KEY = "negotiationWorkflow";

/** The Mastra server's route where Convex asks for a run it has stopped hearing from (`:runId` the run). */
export const RESUME_ROUTE_PATH = "/negotiation-runs/:runId/resume";

/**
 * The Mastra server's route where Convex hands a waiting run the buyer's decision. The decision
 * travels in the signed token's claims (`decisionClaimsSchema`), never in the body, so nothing but
 * Convex can make a run award a deal.
 */
export const DECISION_ROUTE_PATH = "/negotiation-runs/:runId/decision";

/**
 * The Mastra server's route where Convex tells a run waiting for a supplier who answers in person
 * that it has something to go on with: their reply, or the time to reply has run out. The run reads
 * which from its quote (the reply is in Convex, the deadline on the clock), so the call carries nothing else.
 */
export const SUPPLIER_TURN_ROUTE_PATH = "/negotiation-runs/:runId/supplier-turn";

/** Who a token was signed for: Convex's own calls, or a developer's Studio session. */
export const CONVEX_SUBJECT = "convex";
export const DEV_SUBJECT = "dev";

/** Convex signs a token per call, so a minute is plenty and a leaked token soon goes stale. */
export const CONVEX_TOKEN_TTL_SECONDS = 60;
/** The longest life the Mastra server accepts for a token Convex signed. */
export const MAX_CONVEX_TOKEN_TTL_SECONDS = 5 * 60;

const runIdClaim = z.string().min(1).max(64);
const sha256Claim = (name: string) => z.string().regex(/^[0-9a-f]{64}$/, `${name} must be 32 bytes in hex`);

/**
 * Every token Convex signs names the one run its call is about: the Mastra server opens that run's
 * routes to it and no other (src/mastra/auth/route-policy.ts).
 */
export const convexCallClaimsSchema = z.object({ sub: z.literal(CONVEX_SUBJECT), runId: runIdClaim });

/** The decision token: the run it is for, and what the buyer decided (an award names its supplier). */
export const decisionClaimsSchema = convexCallClaimsSchema.extend({
  decision: z.enum(["award", "decline"]),
  supplierId: z.string().min(1).max(64).optional(),
});
export type DecisionClaims = z.infer<typeof decisionClaimsSchema>;

/** What the run-starting token adds to its claims: the run it starts and the nonce of its writes. */
export const runGrantClaimsSchema = convexCallClaimsSchema.extend({
  quoteId: z.string().min(1).max(64),
  runNonce: sha256Claim("runNonce"),
});
export type RunGrantClaims = z.infer<typeof runGrantClaimsSchema>;

/**
 * The start token: the grant, bound to the exact request body it was signed for (the SHA-256 of
 * its bytes), so a token cannot start its run with any other input.
 */
export const startClaimsSchema = runGrantClaimsSchema.extend({ inputDigest: sha256Claim("inputDigest") });
export type StartClaims = z.infer<typeof startClaimsSchema>;

/** A secret shorter than this is refused: it would be guessable offline from any token. */
export const MIN_SECRET_LENGTH = 32;

/** The secret as configured, or why it cannot be used. Whitespace around it does not count. */
export function checkAuthSecret(raw: string | undefined): { secret: string } | { problem: string } {
  const secret = raw?.trim() ?? "";
  if (secret.length === 0) return { problem: "MASTRA_AUTH_SECRET is not set" };
  if (secret.length < MIN_SECRET_LENGTH) {
    return {
      problem: `MASTRA_AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`,
    };
  }
  return { secret };
}

/** An HS256 JWT with `iat` and `exp` set. */
export async function signJwt(
  claims: Record<string, string | number>,
  secret: string,
  ttlSeconds: number,
  nowMs: number = Date.now(),
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** The token a run presents to Convex's write functions: HMAC(secret, quote | run | nonce). */
export async function deriveWriteToken(
  secret: string,
  grant: { quoteId: string; runId: string; runNonce: string },
): Promise<string> {
  const mac = await hmacSha256(secret, `run-write|${grant.quoteId}|${grant.runId}|${grant.runNonce}`);
  return base64url.encode(mac);
}

/**
 * The secret part of a supplier's private link (supplierLink.ts): HMAC(secret, negotiation |
 * generation), so no link is stored anywhere, and the buyer revokes one by moving its generation on.
 */
export async function deriveSupplierLinkMac(
  secret: string,
  negotiationId: string,
  generation: number,
): Promise<string> {
  return base64url.encode(await hmacSha256(secret, `supplier-link|${negotiationId}|${generation}`));
}

/** Hex SHA-256, how Convex stores a write token (never the token itself). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** 32 random bytes in hex. Only where real randomness exists (Convex actions, Node). */
export function randomHex32(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)));
}

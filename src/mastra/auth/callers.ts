import { DEV_SUBJECT, convexCallClaimsSchema, startClaimsSchema, type StartClaims } from "../../shared/run-credentials";

/**
 * Who is calling the Mastra server, read from a verified token's payload. Three kinds, each opening
 * only what it must (src/mastra/auth/route-policy.ts):
 * - `convex-start`: the token Convex signs to start one run, bound to that run and to the exact
 *   input it was signed for;
 * - `convex`: Convex's other calls (create, status, cancel), each naming the one run it is about;
 * - `developer`: a developer's Studio or curl token, for local runs and Studio's agent chat.
 */
export type Caller =
  { kind: "convex-start"; claims: StartClaims } | { kind: "convex"; runId: string } | { kind: "developer" };

/** The caller a verified payload describes; null when it fits none of the kinds. */
export function callerOf(payload: unknown): Caller | null {
  const start = startClaimsSchema.safeParse(payload);
  if (start.success) return { kind: "convex-start", claims: start.data };
  const convex = convexCallClaimsSchema.safeParse(payload);
  if (convex.success) return { kind: "convex", runId: convex.data.runId };
  const subject = typeof payload === "object" && payload !== null ? (payload as { sub?: unknown }).sub : undefined;
  return subject === DEV_SUBJECT ? { kind: "developer" } : null;
}

/**
 * The Mastra "resource" a caller's runs and chat threads belong to. Mastra stamps it on every run a
 * caller creates and refuses a caller of another resource on that run (read, cancel, resume, …),
 * so a developer's token never opens a run Convex started.
 */
export function resourceOf(caller: Caller): "convex" | "developer" {
  return caller.kind === "developer" ? "developer" : "convex";
}

import { ConvexError } from "convex/values";

/**
 * The guard on writes meant only for the Mastra workflow server. Those functions are public (the
 * workflow server calls them over ConvexHttpClient), so a browser could call them too; the shared
 * secret in the deployment's WORKFLOW_SECRET is what tells the two apart.
 */
export function requireWorkflowSecret(secret: string): void {
  const expected = process.env.WORKFLOW_SECRET;
  if (!expected) {
    // Refusing everything is safer than accepting everything when the deployment was never configured.
    throw new ConvexError(
      "not authorised: workflow secret is not configured on this Convex deployment (set WORKFLOW_SECRET, " +
        "e.g. `npx convex env set WORKFLOW_SECRET <secret>`), so workflow writes are refused",
    );
  }
  if (!constantTimeEqual(secret, expected)) {
    throw new ConvexError("not authorised: workflow secret is missing or wrong");
  }
}

/**
 * Compares without an early exit, so response time does not reveal how much of a guess was right.
 * Written out because the Convex runtime has no `crypto.timingSafeEqual`. Only the length leaks.
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) {
    difference |= (a[i % Math.max(a.length, 1)] ?? 0) ^ (b[i] ?? 0);
  }
  return difference === 0;
}

/**
 * The negotiation runs this process is executing, or is about to: a run is claimed before it is
 * restarted (by the boot sweep, or when Convex asks for it again) and for as long as its first step
 * runs, so the same run is never executed twice side by side in one process.
 */
export class RunClaims {
  private readonly claimed = new Set<string>();

  /** True when the caller now holds the run; false when this process is already executing it. */
  claim(runId: string): boolean {
    if (this.claimed.has(runId)) return false;
    this.claimed.add(runId);
    return true;
  }

  /** Marks a run executing here, whoever started it (a start, a restart). */
  hold(runId: string): void {
    this.claimed.add(runId);
  }

  release(runId: string): void {
    this.claimed.delete(runId);
  }

  has(runId: string): boolean {
    return this.claimed.has(runId);
  }
}

const claimsOf = new WeakMap<object, RunClaims>();

/** Ties a Mastra instance to the claims its workflow and routes share (create-mastra.ts). */
export function registerRunClaims(mastra: object, claims: RunClaims): void {
  claimsOf.set(mastra, claims);
}

/** The claims of the runs a Mastra instance executes. */
export function runClaimsOf(mastra: object): RunClaims {
  const claims = claimsOf.get(mastra);
  if (claims === undefined) throw new Error("this Mastra instance was not made by createMastra");
  return claims;
}

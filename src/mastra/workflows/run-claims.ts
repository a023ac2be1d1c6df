import type { RunLeases } from "../fleet/run-leases";

/**
 * The negotiation runs this process is executing, or is about to: a run is claimed before it is
 * started or restarted (by the start gate, the boot sweep, a resume Convex asks for, a buyer's
 * decision) and held for as long as a step of it runs, so the same run is never executed twice side
 * by side in one process. With servers sharing a Postgres store, a claim is also the run's lease
 * there (fleet/run-leases.ts), renewed while it is held: no two servers execute one run.
 */
export class RunClaims {
  private readonly claimed = new Set<string>();
  /** The claimed runs whose lease this server holds in the store (all of them, once taken). */
  private readonly leased = new Set<string>();
  private renewal: NodeJS.Timeout | undefined;
  private lastRenewedAt = Date.now();

  constructor(
    private readonly leases?: RunLeases & { ttlMs: number },
    /**
     * Leases this server lost (its renewals failed for longer than a lease lasts, and another server
     * may have taken the runs over). It cannot stop a run without writing to the store the new holder
     * uses, so by default it logs and exits, and its supervisor starts it afresh.
     */
    private readonly onLeasesLost: (runIds: string[]) => void = exitOnLostLeases,
  ) {}

  /** True when the caller now holds the run; false when this process, or another server, is executing it. */
  async claim(runId: string): Promise<boolean> {
    if (this.claimed.has(runId)) return false;
    // Claimed before the first await, so a twin arriving meanwhile is refused.
    this.claimed.add(runId);
    let leased: boolean;
    try {
      leased = (await this.leases?.acquire(runId)) ?? true;
    } catch (error) {
      // The store could not be asked: the run is not ours, and the caller hears why.
      this.claimed.delete(runId);
      throw error;
    }
    if (!leased) this.claimed.delete(runId);
    else this.leaseTaken(runId);
    return leased;
  }

  /**
   * Marks a run executing here, whoever started it (a start, a restart). One that came in without a
   * claim (Studio, a run started in-process) takes its lease now.
   */
  hold(runId: string): void {
    this.claimed.add(runId);
    if (!this.leases || this.leased.has(runId)) return;
    this.leases.acquire(runId).then(
      (leased) => {
        if (leased && this.claimed.has(runId)) this.leaseTaken(runId);
        else if (!leased) console.error(`run ${runId} is executing here although another server holds its lease`);
      },
      (error: unknown) => console.warn(`could not take the lease on run ${runId}: ${String(error)}`),
    );
  }

  release(runId: string): void {
    this.claimed.delete(runId);
    if (!this.leased.delete(runId)) return;
    this.leases?.release(runId).catch((error: unknown) => {
      // The lease runs out on its own: another server waits one lease time longer, no more.
      console.warn(`could not release the lease on run ${runId}: ${String(error)}`);
    });
  }

  has(runId: string): boolean {
    return this.claimed.has(runId);
  }

  /** How long a lease lasts unrenewed; undefined without a shared store. */
  get leaseMs(): number | undefined {
    return this.leases?.ttlMs;
  }

  /** Stops renewing (the server is stopping); the leases run out on their own. */
  close(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
  }

  private leaseTaken(runId: string): void {
    this.leased.add(runId);
    const leases = this.leases;
    if (!leases || this.renewal) return;
    this.lastRenewedAt = Date.now();
    this.renewal = setInterval(() => void this.renew(leases), Math.max(100, leases.ttlMs / 3));
    this.renewal.unref();
  }

  private async renew(leases: RunLeases & { ttlMs: number }): Promise<void> {
    const held = [...this.leased];
    if (held.length === 0) {
      this.close();
      return;
    }
    try {
      const lost = (await leases.renew(held)).filter((runId) => this.leased.has(runId));
      this.lastRenewedAt = Date.now();
      if (lost.length > 0) this.onLeasesLost(lost);
    } catch (error) {
      if (Date.now() - this.lastRenewedAt > leases.ttlMs) this.onLeasesLost(held);
      else console.warn(`could not renew the run leases (will try again): ${String(error)}`);
    }
  }
}

function exitOnLostLeases(runIds: string[]): void {
  console.error(
    `this server lost its lease on run(s) ${runIds.join(", ")}: another server may be executing them now. ` +
      "Exiting, so that no run is executed twice; a supervisor starts the server again.",
  );
  process.exit(1);
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

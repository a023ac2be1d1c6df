import { setTimeout as sleep } from "node:timers/promises";
import type { NetworkConditions, NetworkLeg } from "../../dev-backend/network-conditions";

/**
 * Faults the local backend's network injects, adjustable while a run is going on (tests and the
 * bench). The HTTP ones hit only calls without an Authorization header, i.e. the workflow server's
 * writes, not the buyer's. Everything is off by default.
 */
export interface Faults {
  /** Added to every HTTP request, before the function runs (half) and before the answer (half),
   *  and to every sync-protocol answer (once, as the socket is one round trip per message). */
  roundTripMs: number;
  /** The next N requests are answered 503 without running anything. */
  serverErrors: number;
  /** The next N requests lose their connection before the function runs. */
  dropsBeforeCommit: number;
  /** The next N requests run the function, then lose the connection: the client never hears back. */
  dropsAfterCommit: number;
  /** The next N requests are held `holdMs` and then run: committed, answered late. */
  holds: number;
  holdMs: number;
  /** Until this time (epoch ms) every HTTP connection is dropped on arrival. */
  outageUntil: number;
  /** Until this time (epoch ms) WebSocket connections are refused. */
  socketsRefusedUntil: number;
}

export function noFaults(): Faults {
  return {
    roundTripMs: 0,
    serverErrors: 0,
    dropsBeforeCommit: 0,
    dropsAfterCommit: 0,
    holds: 0,
    holdMs: 10_000,
    outageUntil: 0,
    socketsRefusedUntil: 0,
  };
}

/** The network conditions `startLocalBackend` takes, made of `faults`. */
export class FaultyNetwork implements NetworkConditions {
  readonly faults: Faults;
  /** Requests the faults failed so far (dropped or answered 503). */
  injectedFailures = 0;
  private workflowRequests = 0;

  constructor(
    faults: Partial<Faults> = {},
    /**
     * Called before each request faults may hit (the workflow server's writes), with its number
     * counted from 1: lets a test place faults by the run's own progress, not by the clock.
     */
    private readonly onWorkflowRequest?: (ordinal: number, faults: Faults) => void,
  ) {
    this.faults = { ...noFaults(), ...faults };
  }

  beforeWorkflowRequest(): "drop" | "unavailable" | { holdMs: number } | undefined {
    this.onWorkflowRequest?.(++this.workflowRequests, this.faults);
    if (Date.now() < this.faults.outageUntil || this.take("dropsBeforeCommit")) return this.inject("drop");
    if (this.take("serverErrors")) return this.inject("unavailable");
    if (this.take("holds")) return this.inject({ holdMs: this.faults.holdMs });
    return undefined;
  }

  dropsAfterCommit(): boolean {
    return this.take("dropsAfterCommit") && this.inject(true);
  }

  delay(leg: NetworkLeg): Promise<void> {
    const { roundTripMs } = this.faults;
    if (leg === "socket-answer") return sleep(roundTripMs);
    if (leg === "socket-push") return roundTripMs > 0 ? sleep(roundTripMs / 2) : Promise.resolve();
    return sleep(roundTripMs / 2);
  }

  refusesSockets(): boolean {
    return Date.now() < this.faults.socketsRefusedUntil;
  }

  private take(key: "serverErrors" | "dropsBeforeCommit" | "dropsAfterCommit" | "holds"): boolean {
    if (this.faults[key] <= 0) return false;
    this.faults[key]--;
    return true;
  }

  private inject<T>(fate: T): T {
    this.injectedFailures++;
    return fate;
  }
}

/** What a test may ask a stack's backend that runs backend-process-with-faults.ts, over IPC. */
export type FaultCommand =
  { type: "drop-sockets"; refuseForMs: number } | { type: "set-faults"; faults: Partial<Faults> };

/**
 * Faults the local backend injects, adjustable while a run is going on (tests and the bench).
 * The HTTP ones hit only calls without an Authorization header, i.e. the workflow server's writes,
 * not the buyer's. Everything is off by default; `npm start` never sets any.
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
    outageUntil: 0,
    socketsRefusedUntil: 0,
  };
}

export function takeFault(faults: Faults, key: "serverErrors" | "dropsBeforeCommit" | "dropsAfterCommit"): boolean {
  if (faults[key] <= 0) return false;
  faults[key]--;
  return true;
}

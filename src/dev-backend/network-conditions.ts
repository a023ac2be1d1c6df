/**
 * What the network between the local backend and its clients does to their traffic. `npm start`
 * sets nothing: its traffic goes straight through. Tests and the bench hand `startLocalBackend` a
 * set of conditions to simulate a slow or failing deployment (src/__tests__/helpers/faults.ts).
 */
export interface NetworkConditions {
  /**
   * Before a request of the workflow server (HTTP without an Authorization header, not a buyer's)
   * runs: lose its connection, answer it 503, hold it for a while and then run it (as a request
   * stuck in a slow proxy that still commits), or let it through (undefined).
   */
  beforeWorkflowRequest?(): "drop" | "unavailable" | { holdMs: number } | undefined;
  /** After such a request's function ran: true loses the connection, so the client never hears back. */
  dropsAfterCommit?(): boolean;
  /** A wait on one leg of the traffic (any request, from either side). */
  delay?(leg: NetworkLeg): Promise<void>;
  /** True while new WebSocket connections are refused. */
  refusesSockets?(): boolean;
}

/**
 * HTTP: before the function runs, and before its answer goes out. WebSocket: before the answer to
 * a mutation or an action, and before an update the backend pushes unasked.
 */
export type NetworkLeg = "http-request" | "http-answer" | "socket-answer" | "socket-push";

import type { SupplierProfile } from "../src/domain/suppliers";

export type Pacing = "instant" | "default";

export interface ScaleLabel {
  n: number;
  /** Suppliers each quote invites: 3 (many small quotes) or 50 (a few large ones). */
  perQuote: number;
  pacing: Pacing;
  persistence: "none" | "convex";
}

/** What the parent hands one worker process. */
export interface ScaleScenario {
  label: ScaleLabel;
  n: number;
  pacing: Pacing;
  /** The suppliers every quote invites, as the workflow's input brings them. */
  suppliers: SupplierProfile[];
  /** One per quote; with Convex, the ids and run grant the parent seeded in the local backend. */
  quotes: Array<{ quoteId: string; negotiationIds?: string[]; runId?: string; runNonce?: string }>;
  convexUrl?: string;
  authSecret?: string;
  transcriptDir: string;
  /** The scenario is stopped after this long; what has not finished by then counts as unfinished. */
  capMs: number;
}

export interface ScaleResult extends ScaleLabel {
  wallMs: number;
  capped: boolean;
  unfinished: number;
  failures: number;
  messages: number;
  cpuMsPerMessage: number;
  retainedHeapKbPerNegotiation: number;
  peakRssMb: number;
  loopDelayP99Ms: number;
  writesPerMessage: number;
  partialWritesPerMessage: number;
  /** Writes sent again after a failed or timed-out attempt (the delivery reports' `retried`). */
  repeatedRequests: number;
  ackP50Ms: number;
  ackP95Ms: number;
}

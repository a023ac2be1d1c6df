import type { SupplierProfile } from "../src/domain/suppliers";
import type { ProfileSummary } from "./cpu-profile";
import type { Integrity } from "./transcript-integrity";

export type Pacing = "instant" | "default";

export interface ScaleLabel {
  n: number;
  /** Suppliers each quote invites: 3 (many small quotes) or 50 (a few large ones). */
  perQuote: number;
  pacing: Pacing;
  persistence: "none" | "convex";
  /** Issue 19's fault mix on the backend's network (fault-mix.ts); absent for none. */
  faults?: "mix";
  /** How many server processes shared the quotes (`--servers`); absent for one. */
  servers?: number;
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
  /** Where the worker writes the engine's final messages, for the parent to check against Convex. */
  finalsFile?: string;
  /** Profile the measured run's CPU (`--profile`). */
  profile?: boolean;
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
  /** Partial-text writes over the seconds messages spent streaming (absent in runs from before issue 19). */
  partialWritesPerMessageSecond?: number;
  /** The most any one message's write requests carried of its text, over its final length. */
  bytesRatioMax?: number;
  /** With faults: what Convex holds compared with what the engine wrote. */
  integrity?: Integrity;
  /** With `--profile`: where the measured run's CPU went. */
  profile?: ProfileSummary;
}

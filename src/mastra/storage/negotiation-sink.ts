import type { Recommendation } from "../evaluation/recommendation";
import type { NegotiationCallbacks } from "../negotiation/negotiation-types";
import type { RunJournal } from "../negotiation/resume-point";

/** A write that could not be delivered after every retry, kept so nothing is lost silently. */
export interface UndeliveredWrite {
  negotiationId: string;
  kind: "message" | "partial" | "status" | "offer" | "quote";
  sequence?: number;
  reason: string;
}

export interface DeliveryReport {
  destination: string;
  delivered: number;
  retried: number;
  undelivered: UndeliveredWrite[];
}

/** Where a run's negotiation events are kept: Convex when configured, else a local transcript. */
export interface NegotiationSink extends NegotiationCallbacks {
  /** Records the run's outcome on the quote. */
  recordRecommendation(quoteId: string, recommendation: Recommendation): void;
  /** Records that the run itself failed, so the quote does not stay "negotiating" forever. */
  recordFailure(quoteId: string, reason: string): void;
  /** Waits for every queued write to land (or to fail for good) and reports the outcome. */
  flush(): Promise<DeliveryReport>;
  /**
   * What this store holds of the quote's run so far, for a run that restarts to go on from (empty
   * for a first start). A sink that cannot read back (a test recorder) has none: its runs start over.
   */
  journal?(quoteId: string): Promise<RunJournal>;
}

/** Calls each consumer in turn; each is expected to be non-blocking. */
export function fanOut(...consumers: NegotiationCallbacks[]): NegotiationCallbacks {
  return {
    onMessageStart: (key) => consumers.forEach((c) => c.onMessageStart?.(key)),
    onMessageDelta: (delta) => consumers.forEach((c) => c.onMessageDelta?.(delta)),
    onMessage: (message) => consumers.forEach((c) => c.onMessage(message)),
    onStatusChange: (change) => consumers.forEach((c) => c.onStatusChange(change)),
    onOfferReceived: (offer) => consumers.forEach((c) => c.onOfferReceived(offer)),
  };
}

export function mergeReports(a: DeliveryReport, b: DeliveryReport): DeliveryReport {
  return {
    destination: a.destination,
    delivered: a.delivered + b.delivered,
    retried: a.retried + b.retried,
    undelivered: [...a.undelivered, ...b.undelivered],
  };
}

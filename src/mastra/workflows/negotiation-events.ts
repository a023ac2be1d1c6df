import type {
  MessageDelta,
  MessageKey,
  NegotiationCallbacks,
  NegotiationMessage,
  OfferReceived,
  StatusChange,
} from "../negotiation/negotiation-types";

/** What the run-negotiations step streams to whoever watches the run (`run.stream()`), named
 *  noun-verb like the AI SDK's stream parts. */
export type NegotiationEvent =
  | ({ type: "message-start" } & MessageKey)
  /** Only the new text: a consumer appends it to what `message-start` opened (the whole text so far
   *  would repeat every word once per later word, hundreds of kilobytes a run). */
  | ({ type: "message-delta" } & Omit<MessageDelta, "text">)
  | ({ type: "message-end" } & NegotiationMessage)
  | ({ type: "offer-receive" } & OfferReceived)
  | ({ type: "status-change" } & StatusChange)
  /** A negotiation started (`waiting: true`) or stopped waiting for model capacity; its time limit
   *  stands still meanwhile. Not a status of its own: the negotiation stays "active". */
  | ({ type: "model-wait" } & ModelWait);

export interface ModelWait {
  negotiationId: string;
  supplierId: string;
  waiting: boolean;
  reason: string;
}

const NEGOTIATION_EVENT_TYPES: ReadonlySet<string> = new Set<NegotiationEvent["type"]>([
  "message-start",
  "message-delta",
  "message-end",
  "offer-receive",
  "status-change",
  "model-wait",
]);

export function isNegotiationEvent(value: unknown): value is NegotiationEvent {
  return (
    typeof value === "object" &&
    value !== null &&
    NEGOTIATION_EVENT_TYPES.has(String((value as { type?: unknown }).type))
  );
}

/**
 * Token usage of one finished message, shaped as the AI SDK's `finish` part: Mastra's run stream
 * adds these up into the `workflow-finish` event's usage (it reads nothing else), so a watcher of
 * the run sees the tokens spent instead of zeros.
 */
export interface UsageReport {
  type: "finish";
  payload: { usage: NegotiationMessage["metadata"]["usage"] };
}

interface EventWriter {
  write(event: NegotiationEvent | UsageReport): Promise<void>;
}

/** Callbacks that forward every engine event to a step writer, in order, without blocking the
 *  engine. `drain()` resolves once everything written so far has been accepted. */
export function eventWriterCallbacks(
  writer: EventWriter,
): NegotiationCallbacks & { onModelWait(wait: ModelWait): void; drain(): Promise<void> } {
  let chain = Promise.resolve();
  const emit = (event: NegotiationEvent | UsageReport) => {
    chain = chain
      .then(() => writer.write(event))
      .catch((error: unknown) => {
        console.error("could not stream a negotiation event:", error instanceof Error ? error.message : error);
      });
  };
  return {
    onMessageStart: (key) => emit({ type: "message-start", ...key }),
    onMessageDelta: ({ text: _whole, ...delta }) => emit({ type: "message-delta", ...delta }),
    onMessage: (message) => {
      emit({ type: "message-end", ...message });
      emit({ type: "finish", payload: { usage: message.metadata.usage } });
    },
    onOfferReceived: (offer) => emit({ type: "offer-receive", ...offer }),
    onStatusChange: (change) => emit({ type: "status-change", ...change }),
    onModelWait: (wait) => emit({ type: "model-wait", ...wait }),
    drain: () => chain,
  };
}

import { ConvexHttpClient } from "convex/browser";
import type { FunctionArgs, FunctionReference } from "convex/server";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import type { Terms } from "../domain/offer";
import type { Recommendation } from "../evaluation/evaluate-offers";
import type {
  MessageDelta,
  MessageKey,
  NegotiationMessage,
  NegotiationStatus,
  OfferReceived,
  Sender,
  StatusChange,
} from "../negotiation/negotiation-types";
import type { DeliveryReport, NegotiationSink } from "./negotiation-sink";
import { DEFAULT_RETRY_POLICY, OrderedWriteQueue, type QueuedWrite, type RetryPolicy } from "./ordered-write-queue";
import { transientAwareFetch } from "./transient-fetch";

export interface MessageMetadata {
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  decision?: string;
  terms?: Terms;
  guardrail?: string;
  interrupted?: boolean;
  toolCalls?: { name: string; args: string }[];
}

export interface MessagePersisterOptions {
  convexUrl: string;
  /**
   * The run's write token (src/mastra/workflows/run-identity.ts): it opens only the quote Convex
   * started the run for, and only while it is that quote's run.
   */
  writeToken: string;
  /** Least time between two partial-text writes of one streaming message. */
  partialIntervalMs?: number;
  /** Per-request timeout; a request that hangs longer is retried. */
  requestTimeoutMs?: number;
  retry?: RetryPolicy;
  /** How long `flush()` waits for an unreachable Convex before reporting the rest undelivered. */
  flushTimeoutMs?: number;
  warn?: (message: string) => void;
  fetch?: typeof fetch;
}

interface StreamingMessage {
  key: MessageKey;
  text: string;
  sentText: string;
  timer: NodeJS.Timeout | undefined;
  createdAt: number;
}

/** Convex ids travel through the workflow as plain strings; these are the one place they are typed back. */
function negotiationRef(id: string): Id<"negotiations"> {
  return id as Id<"negotiations">;
}

function quoteRef(id: string): Id<"quotes"> {
  return id as Id<"quotes">;
}

/**
 * Persists a run's negotiation to Convex without ever slowing it down or throwing into it.
 * Every call only enqueues: writes go out in order per negotiation, one in flight each, keyed by
 * (negotiation, sequence) so a retried write cannot duplicate. Streamed text is written at most
 * every `partialIntervalMs` per message, and the final write replaces it. `flush()` waits for
 * everything and reports what could not be delivered.
 */
export class MessagePersister implements NegotiationSink {
  private readonly client: ConvexHttpClient;
  private readonly queue: OrderedWriteQueue;
  private readonly streaming = new Map<string, StreamingMessage>();
  private readonly nextSequence = new Map<string, number>();
  private readonly partialIntervalMs: number;
  private readonly writeToken: string;
  private readonly flushTimeoutMs: number;

  constructor(options: MessagePersisterOptions) {
    const warn = options.warn ?? ((message: string) => console.warn(`[convex] ${message}`));
    this.client = new ConvexHttpClient(options.convexUrl, {
      skipConvexDeploymentUrlCheck: !/\.convex\.cloud\/?$/.test(options.convexUrl),
      logger: false,
      fetch: transientAwareFetch(options.requestTimeoutMs ?? 10_000, options.fetch),
    });
    this.queue = new OrderedWriteQueue(options.retry ?? DEFAULT_RETRY_POLICY, warn);
    this.partialIntervalMs = options.partialIntervalMs ?? 250;
    this.writeToken = options.writeToken;
    this.flushTimeoutMs = options.flushTimeoutMs ?? 60_000;
  }

  /** Queues one mutation in the negotiation's lane. Every write skips the client's own global
   *  queue: ordering is per negotiation, and negotiations must not wait behind each other. */
  private write<F extends FunctionReference<"mutation">>(
    kind: QueuedWrite["kind"],
    lane: string,
    sequence: number | undefined,
    mutation: F,
    args: FunctionArgs<F>,
  ): void {
    this.queue.enqueue({
      kind,
      negotiationId: lane,
      ...(sequence === undefined ? {} : { sequence }),
      run: () => this.client.mutation(mutation, args, { skipQueue: true }),
    });
  }

  /** The seed API: a final message. Without a sequence, the next one for the negotiation is used. */
  persistMessage(
    negotiationId: string,
    sender: Sender,
    content: string,
    metadata: MessageMetadata & { sequence?: number; createdAt?: number } = {},
  ): void {
    const { sequence: given, createdAt = Date.now(), ...rest } = metadata;
    const sequence = given ?? this.nextSequence.get(negotiationId) ?? 0;
    this.nextSequence.set(negotiationId, Math.max(sequence + 1, this.nextSequence.get(negotiationId) ?? 0));
    this.stopStreaming(negotiationId, sequence);
    this.write("message", negotiationId, sequence, api.negotiations.addMessage, {
      writeToken: this.writeToken,
      negotiationId: negotiationRef(negotiationId),
      sequence,
      sender,
      content,
      createdAt,
      metadata: rest,
    });
  }

  updateNegotiationStatus(
    negotiationId: string,
    status: NegotiationStatus,
    roundCount?: number,
    finalOffer?: Terms,
    error?: string,
  ): void {
    this.write("status", negotiationId, undefined, api.negotiations.updateNegotiationStatus, {
      writeToken: this.writeToken,
      negotiationId: negotiationRef(negotiationId),
      status,
      ...(roundCount === undefined ? {} : { roundCount }),
      ...(finalOffer ? { finalOffer } : {}),
      ...(error ? { error } : {}),
    });
  }

  recordOffer(negotiationId: string, round: number, sequence: number, terms: Terms): void {
    this.write("offer", negotiationId, sequence, api.negotiations.recordOffer, {
      writeToken: this.writeToken,
      negotiationId: negotiationRef(negotiationId),
      round,
      sequence,
      terms,
    });
  }

  recordRecommendation(quoteId: string, recommendation: Recommendation): void {
    const best = recommendation.recommended;
    this.write("quote", quoteId, undefined, api.quotes.completeQuote, {
      writeToken: this.writeToken,
      quoteId: quoteRef(quoteId),
      recommendation: {
        recommendedSupplierId: best?.supplierId ?? null,
        ...(best ? { recommendedNegotiationId: negotiationRef(best.negotiationId) } : {}),
        explanation: recommendation.explanation,
        ranking: recommendation.ranking.map((r) => ({
          negotiationId: negotiationRef(r.negotiationId),
          supplierId: r.supplierId,
          supplierName: r.supplierName,
          totalPrice: r.totalPrice,
          leadTimeDays: r.leadTimeDays,
          paymentTerms: r.paymentTerms,
          criteria: r.criteria,
          score: r.score,
        })),
      },
    });
  }

  recordFailure(quoteId: string, reason: string): void {
    this.write("quote", quoteId, undefined, api.quotes.completeQuote, {
      writeToken: this.writeToken,
      quoteId: quoteRef(quoteId),
      error: reason,
    });
  }

  // --- NegotiationCallbacks -------------------------------------------------------------

  onMessageStart(key: MessageKey): void {
    this.streaming.set(streamKey(key.negotiationId, key.sequence), {
      key,
      text: "",
      sentText: "",
      timer: undefined,
      createdAt: Date.now(),
    });
  }

  onMessageDelta(delta: MessageDelta): void {
    const id = streamKey(delta.negotiationId, delta.sequence);
    const message = this.streaming.get(id) ?? {
      key: delta,
      text: "",
      sentText: "",
      timer: undefined,
      createdAt: Date.now(),
    };
    this.streaming.set(id, message);
    message.text = delta.text;
    // Leading write so the buyer sees typing begin, then at most one per interval while it changes.
    if (!message.timer) this.writePartial(message);
  }

  onMessage(message: NegotiationMessage): void {
    this.persistMessage(message.negotiationId, message.sender, message.content, {
      sequence: message.sequence,
      createdAt: this.streaming.get(streamKey(message.negotiationId, message.sequence))?.createdAt ?? message.createdAt,
      model: message.metadata.model,
      inputTokens: message.metadata.usage.inputTokens,
      outputTokens: message.metadata.usage.outputTokens,
      totalTokens: message.metadata.usage.totalTokens,
      decision: message.decision,
      terms: message.terms,
      ...(message.metadata.guardrail ? { guardrail: message.metadata.guardrail } : {}),
      ...(message.metadata.interrupted ? { interrupted: true } : {}),
    });
  }

  onStatusChange(change: StatusChange): void {
    this.updateNegotiationStatus(change.negotiationId, change.status, change.round, change.finalOffer, change.reason);
  }

  onOfferReceived(offer: OfferReceived): void {
    this.recordOffer(offer.negotiationId, offer.round, offer.sequence, offer.terms);
  }

  async flush(): Promise<DeliveryReport> {
    for (const message of this.streaming.values()) clearTimeout(message.timer);
    this.streaming.clear();
    await this.queue.drain(this.flushTimeoutMs);
    return {
      destination: "Convex",
      delivered: this.queue.delivered,
      retried: this.queue.retried,
      undelivered: [...this.queue.undelivered],
    };
  }

  private writePartial(message: StreamingMessage): void {
    message.timer = undefined;
    if (message.text === message.sentText) return;
    const { negotiationId, sequence, sender } = message.key;
    const content = message.text;
    message.sentText = content;
    this.write("partial", negotiationId, sequence, api.negotiations.streamMessage, {
      writeToken: this.writeToken,
      negotiationId: negotiationRef(negotiationId),
      sequence,
      sender,
      content,
      isPartial: true,
      createdAt: message.createdAt,
    });
    message.timer = setTimeout(() => this.writePartial(message), this.partialIntervalMs);
  }

  private stopStreaming(negotiationId: string, sequence: number): void {
    const id = streamKey(negotiationId, sequence);
    clearTimeout(this.streaming.get(id)?.timer);
    this.streaming.delete(id);
  }
}

function streamKey(negotiationId: string, sequence: number): string {
  return `${negotiationId}#${sequence}`;
}

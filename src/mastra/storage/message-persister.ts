import { ConvexHttpClient } from "convex/browser";
import type { FunctionArgs, FunctionReference } from "convex/server";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import type { Terms } from "../../domain/offer";
import type { Recommendation } from "../evaluation/recommendation";
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
import { TransientWriteError, transientAwareFetch } from "./transient-fetch";
import { journalOf } from "./journal";
import type { RunJournal } from "../negotiation/resume-point";
import pRetry from "p-retry";

/** What a message carries besides its text (model, tokens, its move), as Convex's `addMessage` takes it. */
export type MessageMetadata = NonNullable<FunctionArgs<typeof api.negotiations.addMessage>["metadata"]>;

export interface MessagePersisterOptions {
  convexUrl: string;
  /**
   * The run's write token (src/mastra/workflows/run-identity.ts): it opens only the quote Convex
   * started the run for, and only while it is that quote's run.
   */
  writeToken: string;
  /** Least time between two partial-text writes of one streaming message. */
  partialIntervalMs?: number;
  /**
   * Most partial-text writes one message makes, however long it streams and however loaded the
   * process is; with its final write a message costs at most this + 1 writes. Default 2.
   */
  maxPartialWritesPerMessage?: number;
  /**
   * Per-request timeout, counted in time the process was free to notice the answer (see
   * transient-fetch.ts): a request that hangs longer is retried, one that is merely waiting for a
   * busy event loop is not.
   */
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
  /** Waiting out the interval before the next partial write. */
  timer: NodeJS.Timeout | undefined;
  createdAt: number;
  /** Partial writes made so far (bounded by maxPartialWritesPerMessage). */
  partialWrites: number;
  /** A partial write of this message is queued or in flight: new text waits for it, and is not queued beside it. */
  partialPending: boolean;
  lastPartialAt: number;
}

function newStreamingMessage(key: MessageKey): StreamingMessage {
  return {
    key,
    text: "",
    sentText: "",
    timer: undefined,
    createdAt: Date.now(),
    partialWrites: 0,
    partialPending: false,
    lastPartialAt: Number.NEGATIVE_INFINITY,
  };
}

/** A write's arguments made when it goes out (and on each retry), not when it is queued. */
class ArgsAtSendTime<T> {
  constructor(readonly make: () => T) {}
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
 * (negotiation, sequence) so a retried write cannot duplicate. Streamed text is written by budget,
 * not by the clock: at most one partial write per message queued or in flight (it sends the text
 * as it is when it goes out, so newer words replace rather than add a write), at least
 * `partialIntervalMs` apart, and at most `maxPartialWritesPerMessage` of them; the final write
 * replaces them. A lagging event loop therefore cannot turn streaming into a write per word.
 * `flush()` waits for everything and reports what could not be delivered.
 */
export class MessagePersister implements NegotiationSink {
  private readonly client: ConvexHttpClient;
  private readonly queue: OrderedWriteQueue;
  private readonly streaming = new Map<string, StreamingMessage>();
  private readonly nextSequence = new Map<string, number>();
  private readonly partialIntervalMs: number;
  private readonly maxPartialWrites: number;
  private readonly writeToken: string;
  private readonly flushTimeoutMs: number;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: MessagePersisterOptions) {
    const warn = options.warn ?? ((message: string) => console.warn(`[convex] ${message}`));
    this.client = new ConvexHttpClient(options.convexUrl, {
      skipConvexDeploymentUrlCheck: !/\.convex\.cloud\/?$/.test(options.convexUrl),
      logger: false,
      fetch: transientAwareFetch(options.requestTimeoutMs ?? 10_000, options.fetch),
    });
    this.retryPolicy = options.retry ?? DEFAULT_RETRY_POLICY;
    this.queue = new OrderedWriteQueue(this.retryPolicy, warn);
    this.partialIntervalMs = options.partialIntervalMs ?? 250;
    this.maxPartialWrites = options.maxPartialWritesPerMessage ?? 2;
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
    args: FunctionArgs<F> | ArgsAtSendTime<FunctionArgs<F>>,
    settled?: () => void,
  ): void {
    this.queue.enqueue({
      kind,
      negotiationId: lane,
      ...(sequence === undefined ? {} : { sequence }),
      run: () =>
        this.client.mutation(mutation, args instanceof ArgsAtSendTime ? args.make() : args, { skipQueue: true }),
      ...(settled ? { settled } : {}),
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

  /** What Convex holds of this run's quote, read with the run's own write token; retried like a write. */
  async journal(quoteId: string): Promise<RunJournal> {
    const rows = await pRetry(
      () => this.client.query(api.negotiations.runJournal, { writeToken: this.writeToken, quoteId: quoteRef(quoteId) }),
      {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: this.retryPolicy.minDelayMs,
        maxTimeout: this.retryPolicy.maxDelayMs,
        maxRetryTime: this.retryPolicy.maxRetryTimeMs,
        shouldRetry: ({ error }) => error instanceof TransientWriteError,
      },
    );
    return journalOf(
      rows.map((row) => ({
        negotiationId: row.negotiationId,
        status: row.status,
        rounds: row.roundCount,
        reason: row.error,
        finalOffer: row.finalOffer,
        messages: row.messages.map((m) => ({
          sequence: m.sequence,
          sender: m.sender,
          content: m.content,
          decision: m.metadata?.decision,
          terms: m.metadata?.terms,
          usage: m.metadata,
        })),
      })),
    );
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
    this.streaming.set(streamKey(key.negotiationId, key.sequence), newStreamingMessage(key));
  }

  onMessageDelta(delta: MessageDelta): void {
    const id = streamKey(delta.negotiationId, delta.sequence);
    let message = this.streaming.get(id);
    if (!message) {
      message = newStreamingMessage(delta);
      this.streaming.set(id, message);
    }
    message.text = delta.text;
    // Leading write so the buyer sees typing begin, then more while it changes, within the budget.
    this.writePartial(message);
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

  /** Queues a partial write of the message if its budget allows one now, or sets a timer for when it will. */
  private writePartial(message: StreamingMessage): void {
    if (message.partialPending || message.timer || message.partialWrites >= this.maxPartialWrites) return;
    if (message.text === message.sentText) return;
    const wait = message.lastPartialAt + this.partialIntervalMs - Date.now();
    if (wait > 0) {
      message.timer = setTimeout(() => {
        message.timer = undefined;
        this.writePartial(message);
      }, wait);
      return;
    }
    const { negotiationId, sequence, sender } = message.key;
    message.partialPending = true;
    message.partialWrites++;
    this.write(
      "partial",
      negotiationId,
      sequence,
      api.negotiations.streamMessage,
      // The text as it is when the write goes out, not when it was queued.
      new ArgsAtSendTime(() => {
        message.sentText = message.text;
        return {
          writeToken: this.writeToken,
          negotiationId: negotiationRef(negotiationId),
          sequence,
          sender,
          content: message.text,
          isPartial: true,
          createdAt: message.createdAt,
        };
      }),
      () => {
        message.partialPending = false;
        message.lastPartialAt = Date.now();
        if (this.streaming.get(streamKey(negotiationId, sequence)) === message) this.writePartial(message);
      },
    );
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

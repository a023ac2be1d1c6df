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
import { AdaptiveTimeout, DEFAULT_ADAPTIVE_TIMEOUT, type AdaptiveTimeoutPolicy } from "./adaptive-timeout";
import { TextStreams, type StreamingText, type TextWrite } from "./text-streams";

/** What a message carries besides its text (model, tokens, its move), as Convex's `addMessage` takes it. */
export type MessageMetadata = NonNullable<FunctionArgs<typeof api.negotiations.addMessage>["metadata"]>;

export interface MessagePersisterOptions {
  convexUrl: string;
  /**
   * The run's write token (src/mastra/workflows/run-identity.ts): it opens only the quote Convex
   * started the run for, and only while it is that quote's run.
   */
  writeToken: string;
  /** Time between two chunks of one streaming message's text (text-streams.ts). Default 250 ms. */
  partialIntervalMs?: number;
  /**
   * A fixed per-request timeout, counted in time the process was free to notice the answer (see
   * transient-fetch.ts). Unset: adapted to the recent p99 of answers (adaptive-timeout.ts).
   */
  requestTimeoutMs?: number;
  /** How the adaptive request timeout is set, when `requestTimeoutMs` is not. */
  adaptiveTimeout?: Partial<AdaptiveTimeoutPolicy>;
  retry?: RetryPolicy;
  /** How long `flush()` waits for an unreachable Convex before reporting the rest undelivered. */
  flushTimeoutMs?: number;
  warn?: (message: string) => void;
  fetch?: typeof fetch;
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
 * (negotiation, sequence) so a retried write cannot duplicate. Streamed text goes out by time as
 * appended chunks (text-streams.ts: about every 250 ms per message, one chunk in flight, each
 * carrying only what Convex has not confirmed), and the final write replaces the partial state.
 * A request unanswered for about the recent p99 is sent again (adaptive-timeout.ts): every write is
 * idempotent by its key, so a first attempt answering late is harmless.
 * `flush()` waits for everything and reports what could not be delivered.
 */
export class MessagePersister implements NegotiationSink {
  private readonly client: ConvexHttpClient;
  private readonly queue: OrderedWriteQueue;
  private readonly streams: TextStreams;
  private readonly nextSequence = new Map<string, number>();
  private readonly writeToken: string;
  private readonly flushTimeoutMs: number;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: MessagePersisterOptions) {
    const warn = options.warn ?? ((message: string) => console.warn(`[convex] ${message}`));
    this.client = new ConvexHttpClient(options.convexUrl, {
      skipConvexDeploymentUrlCheck: !/\.convex\.cloud\/?$/.test(options.convexUrl),
      logger: false,
      fetch: transientAwareFetch(
        options.requestTimeoutMs ?? new AdaptiveTimeout({ ...DEFAULT_ADAPTIVE_TIMEOUT, ...options.adaptiveTimeout }),
        options.fetch,
      ),
    });
    this.retryPolicy = options.retry ?? DEFAULT_RETRY_POLICY;
    this.queue = new OrderedWriteQueue(this.retryPolicy, warn);
    this.streams = new TextStreams(options.partialIntervalMs ?? 250, (message) => this.writeChunk(message));
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
    this.streams.stop({ negotiationId, sequence });
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
    replyBy?: number,
  ): void {
    this.write("status", negotiationId, undefined, api.negotiations.updateNegotiationStatus, {
      writeToken: this.writeToken,
      negotiationId: negotiationRef(negotiationId),
      status,
      ...(roundCount === undefined ? {} : { roundCount }),
      ...(finalOffer ? { finalOffer } : {}),
      ...(error ? { error } : {}),
      ...(replyBy === undefined ? {} : { replyBy }),
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
        replyBy: row.replyBy,
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
    this.streams.start(key);
  }

  onMessageDelta(delta: MessageDelta): void {
    this.streams.update(delta);
  }

  onMessage(message: NegotiationMessage): void {
    this.persistMessage(message.negotiationId, message.sender, message.content, {
      sequence: message.sequence,
      createdAt: this.streams.createdAt(message) ?? message.createdAt,
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
    const { negotiationId, status, round, finalOffer, reason, replyBy } = change;
    this.updateNegotiationStatus(negotiationId, status, round, finalOffer, reason, replyBy);
  }

  onOfferReceived(offer: OfferReceived): void {
    this.recordOffer(offer.negotiationId, offer.round, offer.sequence, offer.terms);
  }

  async flush(): Promise<DeliveryReport> {
    this.streams.stopAll();
    await this.queue.drain(this.flushTimeoutMs);
    return {
      destination: "Convex",
      delivered: this.queue.delivered,
      retried: this.queue.retried,
      undelivered: [...this.queue.undelivered],
    };
  }

  /** Queues the next write of a streaming message; what it carries is decided when it goes out. */
  private writeChunk(message: StreamingText): void {
    const { negotiationId, sequence, sender } = message.key;
    const target = { writeToken: this.writeToken, negotiationId: negotiationRef(negotiationId), sequence, sender };
    this.queue.enqueue({
      kind: "partial",
      negotiationId,
      sequence,
      // Decided per attempt: an append, or (after a restarted text) the whole text.
      run: async () => {
        const attempt: TextWrite = this.streams.next(message);
        if (attempt.kind === "append") {
          const stored = await this.client.mutation(
            api.negotiations.appendMessageText,
            { ...target, createdAt: message.createdAt, start: attempt.start, text: attempt.text },
            { skipQueue: true },
          );
          this.streams.appended(message, stored);
        } else {
          await this.client.mutation(
            api.negotiations.streamMessage,
            { ...target, createdAt: message.createdAt, content: attempt.content, isPartial: true },
            { skipQueue: true },
          );
          this.streams.replaced(message, attempt.content);
        }
      },
      settled: () => this.streams.settled(message),
    });
  }
}

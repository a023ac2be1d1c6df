import type { MessageDelta, MessageKey, NegotiationMessage } from "../src/mastra/negotiation/negotiation-types";

/** What the streaming-write targets of issue 19 are judged on, for a set of messages. */
export interface WriteFigures {
  /** Final messages measured. */
  messages: number;
  /** Every request the persister sent, over messages. */
  writesPerMessage: number;
  /** Partial-text requests (chunks), over messages. */
  partialWritesPerMessage: number;
  /** Partial-text requests over the seconds messages spent streaming (first word → final message). */
  partialWritesPerMessageSecond: number;
  /** Message text carried by all of a message's write requests, over its final length: p50, p95, max. */
  bytesRatio: { p50: number; p95: number; max: number };
  /** Final message generated → Convex first answered its final write (ms). */
  commitMs: { p50: number; p95: number };
}

/** One chunk of streamed text on the wire, in epoch ms (the page's clock is the same). */
export interface ChunkTrip {
  negotiationId: string;
  sequence: number;
  /** Offset of the chunk's first character in the message. */
  start: number;
  sentAt: number;
  answeredAt: number;
}

interface MessageLog {
  streamStartedAt?: number;
  finalAt?: number;
  finalLength?: number;
  textChars: number;
  partialWrites: number;
  committedAt?: number;
}

/**
 * Watches a run from both ends: the engine's callbacks (when each message streamed and ended) and
 * the persister's requests (a fetch wrapper reading each request body), so write counts, bytes and
 * commit times are taken from what actually went over the wire.
 */
export class WriteMeter {
  private readonly logs = new Map<string, MessageLog>();
  private requests = 0;
  /** Every chunk that was answered, for the web bench's split of where the lag goes. */
  readonly chunks: ChunkTrip[] = [];

  /** The engine's side: hand these to a fan-out beside the sink. */
  readonly callbacks = {
    onMessageStart: (key: MessageKey) => {
      this.log(key).streamStartedAt ??= performance.now();
    },
    onMessageDelta: (delta: MessageDelta) => {
      this.log(delta).streamStartedAt ??= performance.now();
    },
    onMessage: (message: NegotiationMessage) => {
      const log = this.log(message);
      log.finalAt = performance.now();
      log.finalLength = message.content.length;
    },
    onStatusChange() {},
    onOfferReceived() {},
  };

  /** The wire's side: wraps the persister's fetch. */
  fetch(base: typeof fetch = fetch): typeof fetch {
    return async (input, init) => {
      this.requests++;
      const body = typeof init?.body === "string" ? init.body : "";
      const parsed = body ? (JSON.parse(body) as { path?: string; args?: Array<Record<string, unknown>> }) : {};
      const args = parsed.args?.[0];
      const path = parsed.path ?? "";
      const log = args && typeof args.sequence === "number" && /Message/.test(path) ? this.log(args) : undefined;
      if (log) {
        const text = path.includes("appendMessageText") ? args?.text : args?.content;
        log.textChars += typeof text === "string" ? text.length : 0;
        if (path.includes("appendMessageText") || (path.includes("streamMessage") && args?.isPartial === true)) {
          log.partialWrites++;
        }
      }
      const sentAt = Date.now();
      const response = await base(input, init);
      if (log && path.includes("addMessage") && response.ok) log.committedAt ??= performance.now();
      if (args && path.includes("appendMessageText") && response.ok) {
        this.chunks.push({
          negotiationId: String(args.negotiationId),
          sequence: Number(args.sequence),
          start: Number(args.start),
          sentAt,
          answeredAt: Date.now(),
        });
      }
      return response;
    };
  }

  figures(): WriteFigures {
    const finals = [...this.logs.values()].filter((l) => l.finalAt !== undefined && (l.finalLength ?? 0) > 0);
    const streamingSeconds = finals.reduce(
      (sum, l) => sum + Math.max(0, (l.finalAt ?? 0) - (l.streamStartedAt ?? l.finalAt ?? 0)) / 1000,
      0,
    );
    const partials = finals.reduce((sum, l) => sum + l.partialWrites, 0);
    const ratios = finals.map((l) => l.textChars / (l.finalLength ?? 1));
    const commits = finals.flatMap((l) => (l.committedAt === undefined ? [] : [l.committedAt - (l.finalAt ?? 0)]));
    return {
      messages: finals.length,
      writesPerMessage: this.requests / Math.max(1, finals.length),
      partialWritesPerMessage: partials / Math.max(1, finals.length),
      partialWritesPerMessageSecond: streamingSeconds > 0 ? partials / streamingSeconds : 0,
      bytesRatio: { p50: percentile(ratios, 50), p95: percentile(ratios, 95), max: Math.max(0, ...ratios) },
      commitMs: { p50: percentile(commits, 50), p95: percentile(commits, 95) },
    };
  }

  private log(key: { negotiationId?: unknown; sequence?: unknown }): MessageLog {
    const id = `${String(key.negotiationId)}#${String(key.sequence)}`;
    let log = this.logs.get(id);
    if (!log) {
      log = { textChars: 0, partialWrites: 0 };
      this.logs.set(id, log);
    }
    return log;
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

import type { MessageDelta, MessageKey } from "../negotiation/negotiation-types";

/** One message streaming to the store: the text so far, and what of it the store has confirmed. */
export interface StreamingText {
  key: MessageKey;
  text: string;
  /** The text the store has confirmed holding; the next chunk starts at its end. */
  stored: string;
  /** The text as it was when the write now out was made (its answer is read against it). */
  sending: string;
  createdAt: number;
  /** When the last chunk went out (or the message started): the next goes `intervalMs` later. */
  lastSentAt: number;
  /** A chunk of this message is queued or in flight: newer text waits and rides along with the next one. */
  pending: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * A write as it goes out: a chunk, the text from `start` to the end of what has been generated; or,
 * when the text no longer extends what the store holds (the model call was retried and streams
 * again from the start), the whole text, replacing it.
 */
export type TextWrite = { kind: "append"; start: number; text: string } | { kind: "replace"; content: string };

/**
 * Decides when each streaming message's text goes to the store, by time rather than by count:
 * a chunk at most every `intervalMs` per message for as long as it streams (the first one
 * `intervalMs` after the message starts, so a message written faster than that costs no partial
 * write at all), one chunk in flight per message, and whatever arrived meanwhile coalesced into the
 * next. Each chunk carries only the text the store has not confirmed, so the bytes a message costs
 * stay proportional to its length, and writes per message-second are bounded however loaded the
 * process is. `send` queues the write; the writer reports back through `confirmed` and `settled`.
 */
export class TextStreams {
  private readonly streams = new Map<string, StreamingText>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (message: StreamingText) => void,
  ) {}

  start(key: MessageKey): void {
    this.streams.set(idOf(key), newStream(key));
  }

  update(delta: MessageDelta): void {
    let message = this.streams.get(idOf(delta));
    if (!message) {
      message = newStream(delta);
      this.streams.set(idOf(delta), message);
    }
    message.text = delta.text;
    this.schedule(message);
  }

  /** When the message started streaming, if it did: its final write keeps that time. */
  createdAt(key: Pick<MessageKey, "negotiationId" | "sequence">): number | undefined {
    return this.streams.get(idOf(key))?.createdAt;
  }

  /** What to send now, taken when the write goes out (and again on each retry). */
  next(message: StreamingText): TextWrite {
    message.lastSentAt = Date.now();
    message.sending = message.text;
    return extendsStored(message)
      ? { kind: "append", start: message.stored.length, text: message.text.slice(message.stored.length) }
      : { kind: "replace", content: message.text };
  }

  /** The store's answer to a chunk: how long the text it holds is, read against the text sent. */
  appended(message: StreamingText, storedLength: number): void {
    if (storedLength >= message.stored.length) message.stored = message.sending.slice(0, storedLength);
  }

  /** The store took the whole text (Convex keeps a longer text this one is the start of). */
  replaced(message: StreamingText, content: string): void {
    const stale = content.length < message.stored.length && message.stored.startsWith(content);
    if (!stale) message.stored = content;
  }

  /** The chunk is done with (delivered, given up on, or superseded by the final text): the next may go. */
  settled(message: StreamingText): void {
    message.pending = false;
    if (this.streams.get(idOf(message.key)) === message) this.schedule(message);
  }

  /** The message's final text is on its way: no more chunks for it. */
  stop(key: Pick<MessageKey, "negotiationId" | "sequence">): void {
    clearTimeout(this.streams.get(idOf(key))?.timer);
    this.streams.delete(idOf(key));
  }

  stopAll(): void {
    for (const message of this.streams.values()) clearTimeout(message.timer);
    this.streams.clear();
  }

  private schedule(message: StreamingText): void {
    if (message.pending || message.timer || !hasNews(message)) return;
    const wait = message.lastSentAt + this.intervalMs - Date.now();
    if (wait > 0) {
      message.timer = setTimeout(() => {
        message.timer = undefined;
        this.schedule(message);
      }, wait);
      return;
    }
    message.pending = true;
    this.send(message);
  }
}

function newStream(key: MessageKey): StreamingText {
  const now = Date.now();
  return { key, text: "", stored: "", sending: "", createdAt: now, lastSentAt: now, pending: false, timer: undefined };
}

function extendsStored(message: StreamingText): boolean {
  return message.text.startsWith(message.stored);
}

/** Text the store does not hold yet: more words, or a restarted text that no longer extends it. */
function hasNews(message: StreamingText): boolean {
  return extendsStored(message) ? message.text.length > message.stored.length : message.text.length > 0;
}

function idOf(key: Pick<MessageKey, "negotiationId" | "sequence">): string {
  return `${key.negotiationId}#${key.sequence}`;
}

import type { Terms } from "../../domain/offer";
import type { TranscriptLine } from "../protocol/turn-prompt";
import type { HistoryEntry } from "../protocol/turn-state";
import { addUsage } from "./agent-turns";
import type { MessageKey, NegotiationCallbacks, Sender, TokenUsage } from "./negotiation-types";
import type { ResumePoint } from "./resume-point";

/** A move as decided (and guarded) before it is phrased: what the message must convey. */
export interface Move {
  decision: string;
  terms: Terms;
}

/** The message being streamed: what has been said of it so far, and what it will have cost. */
interface StreamingMessage {
  key: MessageKey;
  move: Move;
  text: string;
  /** The model that decided the move, and what deciding it spent. */
  model: string;
  usage: TokenUsage;
}

/**
 * What has been said in one negotiation, and the saying of it: every message gets the next
 * sequence number, streams its text to the consumers, and on completion joins the history (what the
 * agents decide from) and the transcript (what they read). A message cut short by a failure or a
 * cancellation is still ended, as final and flagged interrupted, so no consumer is left with a
 * message stuck "streaming".
 */
export class Conversation {
  /** The structured moves so far, as the turn state shows them. */
  readonly history: HistoryEntry[];
  /** The messages so far, as the prompts quote them. */
  readonly transcript: TranscriptLine[];
  private nextSequence: number;
  private spent: TokenUsage;
  private streaming: StreamingMessage | undefined;

  constructor(
    start: ResumePoint,
    private readonly ids: { negotiationId: string; supplierId: string },
    private readonly notify: Required<NegotiationCallbacks>,
  ) {
    this.history = [...start.history];
    this.transcript = [...start.transcript];
    this.nextSequence = start.sequence;
    this.spent = start.usage;
  }

  /** Messages started so far, an interrupted one included: also the sequence of the next. */
  get messageCount(): number {
    return this.nextSequence;
  }

  /** Tokens spent by every message so far. */
  get usage(): TokenUsage {
    return this.spent;
  }

  /** Opens the next message, which will convey `move`, and tells the consumers it started. */
  startMessage(sender: Sender, round: number, move: Move, decidedBy: { model: string; usage: TokenUsage }): void {
    const key: MessageKey = { ...this.ids, sequence: this.nextSequence++, round, sender };
    this.streaming = { key, move, text: "", model: decidedBy.model, usage: decidedBy.usage };
    this.notify.onMessageStart(key);
  }

  /** More of the streaming message's text; `text` is all of it so far. */
  streamed(delta: string, text: string): void {
    if (!this.streaming) return;
    this.streaming.text = text;
    this.notify.onMessageDelta({ ...this.streaming.key, delta, text });
  }

  /** Ends the streaming message with what was said, and records its move. */
  finishMessage(spoken: { text: string; model: string; usage: TokenUsage }, guardrail: string | undefined): void {
    const message = this.streaming;
    if (!message) return;
    this.streaming = undefined;
    const { key, move } = message;
    const usage = addUsage(message.usage, spoken.usage);
    this.spent = addUsage(this.spent, usage);
    this.history.push({ round: key.round, sender: key.sender, decision: move.decision, terms: move.terms });
    this.transcript.push({ sender: key.sender, content: spoken.text });
    this.notify.onMessage({
      ...key,
      content: spoken.text,
      decision: move.decision,
      terms: move.terms,
      createdAt: Date.now(),
      metadata: { model: spoken.model, usage, ...(guardrail ? { guardrail } : {}) },
    });
  }

  /** Ends a message cut short mid-stream as final, flagged interrupted; nothing when none is open. */
  closeInterrupted(): void {
    const message = this.streaming;
    if (!message) return;
    this.streaming = undefined;
    this.spent = addUsage(this.spent, message.usage);
    this.notify.onMessage({
      ...message.key,
      content: message.text,
      decision: message.move.decision,
      terms: message.move.terms,
      createdAt: Date.now(),
      metadata: { model: message.model, usage: message.usage, interrupted: true },
    });
  }
}

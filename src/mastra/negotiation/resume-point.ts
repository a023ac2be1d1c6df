import type { TranscriptLine } from "../protocol/turn-prompt";
import type { Terms } from "../../domain/offer";
import { addUsage, ZERO_USAGE } from "./agent-turns";
import type { JournalMessage, JournalNegotiation, Sender, TokenUsage } from "./negotiation-types";
import type { HistoryEntry } from "../protocol/turn-state";

/** A run's journal, by negotiation id. Empty for a run that starts for the first time. */
export type RunJournal = ReadonlyMap<string, JournalNegotiation>;

export const EMPTY_JOURNAL: RunJournal = new Map();

/** Where a negotiation goes on from. */
export interface ResumePoint {
  history: HistoryEntry[];
  transcript: TranscriptLine[];
  /** The sequence of the next message. */
  sequence: number;
  /** The round of the next move; past `maxRounds` the brand's closing word is next. */
  round: number;
  /** The supplier's latest offer. */
  lastOffer?: Terms;
  usage: TokenUsage;
  /** The last move made (its outcome is applied again: a crash may have come before its status). */
  lastMove?: { sender: Sender; decision: string; terms: Terms; closing: boolean };
}

export const FRESH_START: ResumePoint = { history: [], transcript: [], sequence: 0, round: 1, usage: ZERO_USAGE };

/**
 * The resume point after `messages`. Turns alternate brand, supplier, brand…, two to a round, so a
 * message's place gives its round; the brand's word after the last round is its closing word.
 */
export function resumePointOf(messages: readonly JournalMessage[], maxRounds: number): ResumePoint {
  const complete = unbrokenFromZero(messages);
  const point: ResumePoint = { ...FRESH_START, history: [], transcript: [] };
  complete.forEach((message, index) => {
    const round = Math.min(Math.floor(index / 2) + 1, maxRounds);
    point.history.push({ round, sender: message.sender, decision: message.decision, terms: message.terms });
    point.transcript.push({ sender: message.sender, content: message.content });
    point.usage = addUsage(point.usage, message.usage);
    if (message.sender === "supplier" && message.decision === "offer") point.lastOffer = message.terms;
    point.lastMove = {
      sender: message.sender,
      decision: message.decision,
      terms: message.terms,
      closing: message.sender === "brand" && index >= 2 * maxRounds,
    };
  });
  point.sequence = complete.length;
  point.round = Math.floor(complete.length / 2) + 1;
  return point;
}

/** Messages #0, #1, … up to the first gap, each from the side whose turn it was. */
function unbrokenFromZero(messages: readonly JournalMessage[]): JournalMessage[] {
  const bySequence = new Map(messages.map((m) => [m.sequence, m]));
  const complete: JournalMessage[] = [];
  for (let sequence = 0; ; sequence++) {
    const message = bySequence.get(sequence);
    const expected: Sender = sequence % 2 === 0 ? "brand" : "supplier";
    if (message === undefined || message.sender !== expected) return complete;
    complete.push(message);
  }
}

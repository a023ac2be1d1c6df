import { termsSchema, type Terms } from "../../domain/offer";
import type {
  JournalMessage,
  JournalNegotiation,
  NegotiationStatus,
  Sender,
  TokenUsage,
} from "../negotiation/negotiation-types";
import type { RunJournal } from "../negotiation/resume-point";

/** A persisted message as either store keeps it: its move in `decision` and `terms`, and its token counts. */
export interface StoredMessage {
  sequence: number;
  sender: string;
  content: string;
  decision?: string | undefined;
  /** Checked against the domain's terms schema here: a store keeps them in its own shape. */
  terms?: unknown;
  usage?: Partial<TokenUsage> | undefined;
}

/** A persisted negotiation as either store keeps it. */
export interface StoredNegotiation {
  negotiationId: string;
  status: NegotiationStatus;
  rounds?: number | undefined;
  reason?: string | undefined;
  finalOffer?: unknown;
  /** While it waits for a supplier answering in person: when their time to reply runs out. */
  replyBy?: number | undefined;
  messages: StoredMessage[];
}

/**
 * The journal a run goes on from. A message without its move (written before moves were kept, or
 * damaged) ends the usable record of its negotiation there: what follows it is redone.
 */
export function journalOf(negotiations: readonly StoredNegotiation[]): RunJournal {
  return new Map(
    negotiations.map((n): [string, JournalNegotiation] => [
      n.negotiationId,
      {
        negotiationId: n.negotiationId,
        status: n.status,
        ...(n.rounds === undefined ? {} : { rounds: n.rounds }),
        ...(n.reason === undefined ? {} : { reason: n.reason }),
        ...(termsOf(n.finalOffer) === undefined ? {} : { finalOffer: termsOf(n.finalOffer) }),
        ...(n.replyBy === undefined ? {} : { replyBy: n.replyBy }),
        messages: n.messages.flatMap((m): JournalMessage[] => {
          const terms = termsOf(m.terms);
          return m.decision === undefined || terms === undefined || !isSender(m.sender)
            ? []
            : [
                {
                  sequence: m.sequence,
                  sender: m.sender,
                  content: m.content,
                  decision: m.decision,
                  terms,
                  usage: {
                    inputTokens: m.usage?.inputTokens ?? 0,
                    outputTokens: m.usage?.outputTokens ?? 0,
                    totalTokens: m.usage?.totalTokens ?? 0,
                  },
                },
              ];
        }),
      },
    ]),
  );
}

function termsOf(value: unknown): Terms | undefined {
  const parsed = termsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function isSender(value: string): value is Sender {
  return value === "brand" || value === "supplier";
}

import type { Agent } from "@mastra/core/agent";
import { z } from "zod";
import { termsSchema, type Terms } from "../../domain/offer";
import type { QuoteRequest } from "../../domain/quote";
import type { BudgetScope, ModelBudget } from "../models/model-budget";
import type { MarketBoard } from "./market-board";

export type Sender = "brand" | "supplier";
/** Awarded and declined come after the buyer's decision, for negotiations that reached a deal. */
export type NegotiationStatus =
  | "pending"
  | "active"
  /** The brand waits for a supplier who answers in person (until `replyBy`). */
  | "waiting"
  | "completed"
  | "impasse"
  | "failed"
  | "cancelled"
  | "awarded"
  | "declined";
export type FinalStatus = NegotiationResult["status"];

export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/** Identifies one message: `sequence` counts from 0 within a negotiation, so (negotiationId,
 *  sequence) is a stable key that makes every downstream write idempotent and ordered. */
export interface MessageKey {
  negotiationId: string;
  supplierId: string;
  sequence: number;
  round: number;
  sender: Sender;
}

export interface NegotiationMessage extends MessageKey {
  content: string;
  /** The structured move the message conveys. */
  decision: string;
  terms: Terms;
  createdAt: number;
  metadata: {
    model: string;
    usage: TokenUsage;
    /** Set when a guardrail replaced the model's move, saying why. */
    guardrail?: string;
    /** The message was cut off by cancellation or an error while streaming. */
    interrupted?: boolean;
  };
}

export interface MessageDelta extends MessageKey {
  delta: string;
  /** Everything streamed so far for this message, so a consumer can replace rather than append. */
  text: string;
}

export interface StatusChange {
  negotiationId: string;
  supplierId: string;
  status: NegotiationStatus;
  round: number;
  reason?: string;
  finalOffer?: Terms;
  /** With "waiting": when the supplier's time to reply runs out. */
  replyBy?: number;
}

export interface OfferReceived {
  negotiationId: string;
  supplierId: string;
  round: number;
  sequence: number;
  decision: string;
  terms: Terms;
}

/** The only way the engine talks outward. Called synchronously and never awaited: a slow or
 *  failing consumer cannot stall or break a negotiation. */
export interface NegotiationCallbacks {
  onMessageStart?(key: MessageKey): void;
  onMessageDelta?(delta: MessageDelta): void;
  onMessage(message: NegotiationMessage): void;
  onStatusChange(change: StatusChange): void;
  onOfferReceived(offer: OfferReceived): void;
}

export interface NegotiationAgents {
  brand: Agent;
  supplier: Agent;
}

export interface NegotiationContext {
  negotiationId: string;
  quote: QuoteRequest;
  /** Supplier offers before the brand's last word. */
  maxRounds: number;
  agents: NegotiationAgents;
  /** The process's model budget: every model call of this negotiation waits its turn there. */
  modelBudget: ModelBudget;
  /** Whose calls these are in the budget (its run's fair share) and who hears when they wait. */
  budgetScope?: BudgetScope;
  /** Extra attempts per model call on error or invalid structured output. */
  retries?: number;
  /** How long one model call may take before it is abandoned and retried. */
  modelCallTimeoutMs?: number;
  /** The run's shared best-offer view, the brand's alternative; none when negotiating alone. */
  market?: MarketBoard;
  /** What was persisted of this negotiation before the run restarted: it goes on from there. */
  resumeFrom?: JournalNegotiation;
  /**
   * Set when the supplier answers in person: their replies are read from what was persisted (they
   * write them from their page), never asked of the supplier agent, and each may take this long.
   */
  inPerson?: { replyWindowMs: number };
}

export const tokenUsageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
});

/** The supplier's public record, which the evaluation scores and the explanations quote. */
export const supplierRecordSchema = z.object({
  quality: z.number(),
  onTimeRate: z.number(),
  fastestLeadTimeDays: z.number(),
});
export type SupplierRecord = z.infer<typeof supplierRecordSchema>;

export function supplierRecordOf(profile: SupplierRecord): SupplierRecord {
  return { quality: profile.quality, onTimeRate: profile.onTimeRate, fastestLeadTimeDays: profile.fastestLeadTimeDays };
}

export const negotiationResultSchema = z.object({
  negotiationId: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  supplierRecord: supplierRecordSchema,
  status: z.enum(["completed", "impasse", "failed", "cancelled"]),
  rounds: z.number().int(),
  /** The agreed terms, when completed. */
  finalOffer: termsSchema.optional(),
  /** The supplier's latest offer, whatever the outcome. */
  lastOffer: termsSchema.optional(),
  reason: z.string().optional(),
  messageCount: z.number().int(),
  usage: tokenUsageSchema,
  durationMs: z.number(),
});
export type NegotiationResult = z.infer<typeof negotiationResultSchema>;

/**
 * A negotiation that cannot go on until a supplier answering in person replies: its run suspends
 * (holding nothing) once every other negotiation has ended or waits, and resumes on the reply or at
 * `replyBy`, whichever comes first.
 */
export interface WaitingForReply {
  status: "waiting";
  negotiationId: string;
  supplierId: string;
  supplierName: string;
  replyBy: number;
  /** Complete messages so far: the supplier's reply will be the next. */
  messageCount: number;
}

/** How a negotiation's part of a run ended: with a result, or waiting for a person's reply. */
export type NegotiationOutcome = NegotiationResult | WaitingForReply;

/**
 * What was persisted of one negotiation (in Convex, or in the local transcript): enough to go on
 * from its last complete turn after the run restarts, instead of negotiating again from round one.
 */
export interface JournalNegotiation {
  negotiationId: string;
  status: NegotiationStatus;
  /** Rounds it reached, as recorded with its status. */
  rounds?: number | undefined;
  /** Why it ended, for an ended one. */
  reason?: string | undefined;
  finalOffer?: Terms | undefined;
  /** While it waits for a supplier answering in person: when their time to reply runs out. */
  replyBy?: number | undefined;
  /** Its complete messages (never partial text), in any order; only the unbroken run from #0 counts. */
  messages: JournalMessage[];
}

export interface JournalMessage {
  sequence: number;
  sender: Sender;
  content: string;
  decision: string;
  terms: Terms;
  usage: TokenUsage;
}

import type { RequestContext } from "@mastra/core/request-context";
import type { z } from "zod";
import { brandTurnSchema, supplierTurnSchema, type BrandTurn, type SupplierTurn, type Terms } from "../../domain/offer";
import type { SupplierProfile } from "../../domain/suppliers";
import { buyerContextOf, buyerUtility, type BuyerUtilityContext } from "../../domain/utility";
import { supplierRequestContext } from "../agents/supplier-agent";
import { guardBrandMove, guardSupplierMove, offerWithinLimits, type GuardedMove } from "../protocol/guardrails";
import { stateForSpeaking, type TurnState } from "../protocol/turn-state";
import { decideMove, speakMove } from "./agent-turns";
import { Conversation, type Move } from "./conversation";
import { describeFailure } from "./describe-failure";
import type {
  FinalStatus,
  JournalNegotiation,
  NegotiationCallbacks,
  NegotiationContext,
  NegotiationOutcome,
  NegotiationResult,
  Sender,
  WaitingForReply,
} from "./negotiation-types";
import { supplierRecordOf } from "./negotiation-types";
import { FRESH_START, resumePointOf, type ResumePoint } from "./resume-point";
import { safeCallbacks } from "./safe-callbacks";
import { brandRequest, brandTurnState, marketView, supplierTurnState, type Standing } from "./turn-states";

/**
 * Negotiates one supplier to an end. Each round the brand moves (opening, counter, accept or walk
 * away), then the supplier (offer, accept or reject); after the supplier's final offer the brand
 * has a closing word. Every move is decided as structured data first, guarded in code, then
 * phrased as a streamed message. A supplier answering in person replies from their page instead:
 * the negotiation then answers "waiting" until their reply is in what was persisted (the run resumes
 * it from there). Never throws: failures end as `failed` with the reason.
 */
export function negotiateWithSupplier(
  supplier: SupplierProfile,
  context: NegotiationContext,
  callbacks: NegotiationCallbacks,
  signal?: AbortSignal,
): Promise<NegotiationOutcome> {
  return new SupplierNegotiation(supplier, context, callbacks, signal).run();
}

/**
 * A negotiation with the supplier's agent (a context without `inPerson`): it never waits, so it
 * always ends with a result.
 */
export async function runSupplierNegotiation(
  supplier: SupplierProfile,
  context: NegotiationContext,
  callbacks: NegotiationCallbacks,
  signal?: AbortSignal,
): Promise<NegotiationResult> {
  const outcome = await negotiateWithSupplier(supplier, context, callbacks, signal);
  if (outcome.status === "waiting") throw new Error("a negotiation with a supplier's agent never waits for a reply");
  return outcome;
}

/**
 * What comes next: the brand's move, the supplier's answer to the brand's standing ask, or the end
 * (a result, or waiting for a supplier's reply in person).
 */
type Next = { turn: "brand" } | { turn: "supplier"; ask: Terms } | { turn: "none"; result: NegotiationOutcome };

const BRAND_MOVES: Next = { turn: "brand" };

/** How a negotiation ended, before it is reported. */
interface Ending {
  status: FinalStatus;
  reason?: string;
  finalOffer?: Terms;
}

/**
 * A little slack on the deadline: Convex tells the run just after it, by its own clock, which may
 * run slightly ahead of this one.
 */
const DEADLINE_SLACK_MS = 1_000;

/**
 * One negotiation from its opening (or from where a restarted run left it) to its end. Its state is
 * the conversation (messages, history, usage) and three facts: the round, the supplier's offer on
 * the table, and whether the brand's latest move claimed a better competing offer.
 */
class SupplierNegotiation {
  private readonly startedAt = Date.now();
  private readonly notify: Required<NegotiationCallbacks>;
  /** After a restart, the negotiation goes on from what was persisted of it. */
  private readonly start: ResumePoint;
  private readonly conversation: Conversation;
  private readonly buyer: BuyerUtilityContext;
  /** The one supplier agent learns which supplier it speaks for from each call's request context. */
  private readonly supplierContext: RequestContext;
  /** The round of the next move; past `maxRounds` the brand's closing word is next. */
  private round: number;
  /** The supplier's latest offer. */
  private offerOnTable: Terms | undefined;
  /** Whether the brand's latest move told the supplier a better competing offer exists. */
  private leverageClaimed = false;

  constructor(
    private readonly supplier: SupplierProfile,
    private readonly context: NegotiationContext,
    callbacks: NegotiationCallbacks,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.notify = safeCallbacks(callbacks, `negotiation ${context.negotiationId}`);
    this.start = context.resumeFrom ? resumePointOf(context.resumeFrom.messages, context.maxRounds) : FRESH_START;
    this.conversation = new Conversation(
      this.start,
      { negotiationId: context.negotiationId, supplierId: supplier.id },
      this.notify,
    );
    this.buyer = buyerContextOf(context.quote);
    this.supplierContext = supplierRequestContext(supplier);
    this.round = this.start.round;
    this.offerOnTable = this.start.lastOffer;
  }

  async run(): Promise<NegotiationOutcome> {
    try {
      let next = await this.open();
      while (next.turn !== "none") {
        next = next.turn === "brand" ? await this.brandTurn() : await this.supplierTurn(next.ask);
      }
      return next.result;
    } catch (error) {
      return this.stop(error);
    }
  }

  /** Rejoins the run's market when resuming, says the negotiation is active, and finds who moves first. */
  private async open(): Promise<Next> {
    if (this.context.resumeFrom) {
      const ended = await this.rejoin(this.context.resumeFrom);
      if (ended) return { turn: "none", result: ended };
    }
    this.signal?.throwIfAborted();
    // Still waiting for a reply: it says so again once it is clear that none came.
    if (this.context.resumeFrom?.status !== "waiting") this.reportStatus("active");
    // The supplier's published fastest delivery already shows no deal can meet the buyer's limit:
    // no turn is spent on a negotiation that cannot succeed.
    const leadLimit = this.context.quote.maxLeadTimeDays;
    if (leadLimit !== undefined && this.supplier.fastestLeadTimeDays > leadLimit) {
      return this.end({
        status: "impasse",
        reason: `the supplier's fastest delivery (${this.supplier.fastestLeadTimeDays} days) is slower than the buyer's lead-time limit (${leadLimit} days)`,
      });
    }
    return this.replayLastMove();
  }

  /** The brand moves: opening or counter, accept or walk away; after the last round, its closing word. */
  private async brandTurn(): Promise<Next> {
    const closing = this.round > this.context.maxRounds;
    if (closing) this.round = this.context.maxRounds;
    const state = this.brandState(closing);
    const move = await this.takeTurn("brand", brandTurnSchema, state, (decided) =>
      guardBrandMove(state, decided, this.offerOnTable),
    );
    this.leverageClaimed = claimsLeverage(move, state);
    return this.afterBrand(move, closing);
  }

  /** The supplier answers the brand's ask: an offer, accept, or reject. An offer ends the round. */
  private async supplierTurn(ask: Terms): Promise<Next> {
    if (this.context.inPerson) return this.awaitReply(this.context.inPerson.replyWindowMs);
    const state = supplierTurnState(this.standing(), this.leverageClaimed);
    const reply = await this.takeTurn("supplier", supplierTurnSchema, state, (decided) =>
      guardSupplierMove(this.supplier, decided, ask),
    );
    const next = this.afterSupplier(reply);
    if (next.turn === "none") return next;
    this.notify.onOfferReceived({
      negotiationId: this.context.negotiationId,
      supplierId: this.supplier.id,
      round: this.round,
      sequence: this.conversation.messageCount - 1,
      decision: reply.decision,
      terms: reply.terms,
    });
    this.round++;
    return next;
  }

  /**
   * A supplier answering in person replies from their page: their reply lands in what is persisted,
   * and the run resumes this negotiation from it (its resume point then has the reply as its last
   * move). Until then it waits, up to the deadline: the one it was given when the brand's message was
   * sent, kept across restarts. Past it, the negotiation ends without a reply.
   */
  private awaitReply(replyWindowMs: number): Next {
    const resumed = this.context.resumeFrom;
    const sameMessage = resumed?.status === "waiting" && this.conversation.messageCount === this.start.sequence;
    const replyBy = sameMessage && resumed.replyBy !== undefined ? resumed.replyBy : Date.now() + replyWindowMs;
    if (Date.now() >= replyBy - DEADLINE_SLACK_MS) {
      return this.end({
        status: "impasse",
        reason: `no reply: ${this.supplier.name} did not answer by ${new Date(replyBy).toISOString()}`,
      });
    }
    this.reportStatus("waiting", { replyBy });
    const waiting: WaitingForReply = {
      status: "waiting",
      negotiationId: this.context.negotiationId,
      supplierId: this.supplier.id,
      supplierName: this.supplier.name,
      replyBy,
      messageCount: this.conversation.messageCount,
    };
    return { turn: "none", result: waiting };
  }

  /** One turn: decide (structured, guarded), then speak (streamed), then record. */
  private async takeTurn<M extends BrandTurn | SupplierTurn>(
    role: Sender,
    schema: z.ZodType<M>,
    state: TurnState,
    guard: (move: M) => GuardedMove<M>,
  ): Promise<M> {
    const { agent, calls } = this.speaker(role);
    const decided = await decideMove(agent, schema, state, this.conversation.transcript, calls);
    const { move, overridden } = guard(decided.move);
    const said = { decision: move.decision, terms: move.terms };
    this.conversation.startMessage(role, this.round, said, decided);
    const spoken = await speakMove(agent, stateForSpeaking(state, said), this.conversation.transcript, {
      ...calls,
      onDelta: (delta, text) => this.conversation.streamed(delta, text),
    });
    this.conversation.finishMessage(spoken, overridden);
    return move;
  }

  /** The agent that speaks for `role`, and how its model calls are made. */
  private speaker(role: Sender) {
    const { agents, modelBudget, budgetScope, retries, modelCallTimeoutMs } = this.context;
    const calls = {
      budget: modelBudget,
      budgetScope,
      retries,
      signal: this.signal,
      callTimeoutMs: modelCallTimeoutMs,
      ...(role === "supplier" ? { requestContext: this.supplierContext } : {}),
    };
    return { agent: role === "brand" ? agents.brand : agents.supplier, calls };
  }

  /** What a brand move means: the negotiation's end, or the supplier's answer to it. */
  private afterBrand(move: Move, closing: boolean): Next {
    if (move.decision === "accept") return this.agree(move.terms);
    if (move.decision === "walk-away") {
      return this.end({
        status: "impasse",
        reason: closing ? "the supplier's final offer stayed outside the buyer's limits" : "the brand walked away",
      });
    }
    if (closing) return this.end({ status: "impasse", reason: "no agreement within the round limit" });
    return { turn: "supplier", ask: move.terms };
  }

  /** What a supplier move means: the end, or its offer stands and the brand moves next. */
  private afterSupplier(move: Move): Next {
    if (move.decision === "accept") return this.agree(move.terms);
    if (move.decision === "reject") {
      return this.end({
        status: "impasse",
        reason: "the supplier walked away: the brand's price stayed below what it accepts",
      });
    }
    this.offerOnTable = move.terms;
    this.reportToMarket(move.terms);
    return BRAND_MOVES;
  }

  /** The last gate before a deal: whoever accepted, the terms must be inside the buyer's limits. */
  private agree(terms: Terms): Next {
    return this.withinBuyerLimits(terms)
      ? this.end({ status: "completed", finalOffer: terms })
      : this.end({ status: "impasse", reason: "agreement blocked: the terms are outside the buyer's limits" });
  }

  /**
   * A resumed negotiation's last persisted move, applied again: the run may have stopped after the
   * message and before its outcome was recorded. Answers the end it meant, or the supplier's answer
   * to the brand's standing ask when that is what comes next. A fresh negotiation: the brand opens.
   */
  private replayLastMove(): Next {
    const last = this.start.lastMove;
    if (last === undefined) return BRAND_MOVES;
    if (last.sender === "supplier") return this.afterSupplier(last);
    if (last.closing) this.round = this.context.maxRounds;
    const next = this.afterBrand(last, last.closing);
    if (next.turn === "supplier") this.leverageClaimed = claimsLeverage(last, this.brandState(false));
    return next;
  }

  /**
   * A resumed negotiation puts its offers back on the run's market, then yields once, so that every
   * negotiation of the run has done so before any of them moves: leverage reads the whole market.
   * One that had already ended answers its recorded outcome, with no model call and nothing written.
   */
  private async rejoin(resumed: JournalNegotiation): Promise<NegotiationResult | undefined> {
    for (const entry of this.start.history) {
      if (entry.sender === "supplier" && entry.decision === "offer") this.reportToMarket(entry.terms);
    }
    await Promise.resolve();
    if (resumed.status === "pending" || resumed.status === "active" || resumed.status === "waiting") return undefined;
    this.round = resumed.rounds ?? Math.min(this.round, this.context.maxRounds);
    // A deal the buyer has since decided on is still the deal this step agreed.
    const status = resumed.status === "awarded" || resumed.status === "declined" ? "completed" : resumed.status;
    return {
      ...this.resultSoFar(),
      status,
      ...(resumed.reason === undefined ? {} : { reason: resumed.reason }),
      ...(resumed.finalOffer === undefined ? {} : { finalOffer: resumed.finalOffer }),
    };
  }

  /** A failure or a cancellation: the message being streamed is closed, and the end says why. */
  private stop(error: unknown): NegotiationResult {
    this.conversation.closeInterrupted();
    if (this.signal?.aborted) {
      const timedOut = this.signal.reason instanceof DOMException && this.signal.reason.name === "TimeoutError";
      return timedOut
        ? this.finish({ status: "failed", reason: "timed out before reaching an agreement" })
        : this.finish({ status: "cancelled", reason: "cancelled before reaching an agreement" });
    }
    return this.finish({ status: "failed", reason: describeFailure(error) });
  }

  private end(ending: Ending): Next {
    return { turn: "none", result: this.finish(ending) };
  }

  /** Reports the final status and answers the result. */
  private finish({ status, ...extra }: Ending): NegotiationResult {
    this.reportStatus(status, extra);
    return { ...this.resultSoFar(), status, ...extra };
  }

  private reportStatus(
    status: FinalStatus | "active" | "waiting",
    extra: Omit<Ending, "status"> & { replyBy?: number } = {},
  ): void {
    const { negotiationId } = this.context;
    this.notify.onStatusChange({ negotiationId, supplierId: this.supplier.id, status, round: this.round, ...extra });
  }

  /** The result's fields that come from the negotiation's state as it stands. */
  private resultSoFar() {
    return {
      negotiationId: this.context.negotiationId,
      supplierId: this.supplier.id,
      supplierName: this.supplier.name,
      supplierRecord: supplierRecordOf(this.supplier),
      rounds: this.round,
      ...(this.offerOnTable ? { lastOffer: this.offerOnTable } : {}),
      messageCount: this.conversation.messageCount,
      usage: this.conversation.usage,
      durationMs: Date.now() - this.startedAt,
    };
  }

  /** An offer inside the buyer's limits becomes the others' alternative on the run's market. */
  private reportToMarket(terms: Terms): void {
    if (this.withinBuyerLimits(terms)) {
      this.context.market?.report(this.supplier.id, buyerUtility(terms, this.buyer));
    }
  }

  private withinBuyerLimits(terms: Terms): boolean {
    return offerWithinLimits({ request: brandRequest(this.context.quote) }, terms);
  }

  private brandState(closing: boolean): TurnState {
    const market = marketView(this.context.market, this.supplier.id, this.offerOnTable, this.buyer);
    return brandTurnState(this.standing(), closing, market, this.buyer);
  }

  private standing(): Standing {
    const { quote, maxRounds } = this.context;
    return { supplier: this.supplier, quote, maxRounds, round: this.round, history: this.conversation.history };
  }
}

/** A counter made while the brand held a better competing offer tells the supplier so. */
function claimsLeverage(move: Move, brandState: TurnState): boolean {
  return move.decision === "counter" && brandState.leverage === true;
}

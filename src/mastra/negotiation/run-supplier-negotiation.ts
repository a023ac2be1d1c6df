import { walkAwayUnitPrice, type SupplierProfile } from "../../domain/suppliers";
import { supplierRequestContext } from "../agents/supplier-agent";
import type { z } from "zod";
import { brandTurnSchema, supplierTurnSchema, type BrandTurn, type SupplierTurn, type Terms } from "../../domain/offer";
import { productOfLine, unitPriceLimit } from "../../domain/quote";
import type { TranscriptLine } from "../protocol/turn-prompt";
import { decideMove, speakMove, addUsage } from "./agent-turns";
import { guardBrandMove, guardSupplierMove, offerWithinLimits, type GuardedMove } from "../protocol/guardrails";
import { describeFailure } from "./describe-failure";
import { safeCallbacks } from "./safe-callbacks";
import { rateCardOf, stateForSpeaking, type HistoryEntry, type TurnState } from "../protocol/turn-state";
import { buyerContextOf, buyerUtility } from "../../domain/utility";
import type {
  FinalStatus,
  JournalNegotiation,
  MessageKey,
  NegotiationCallbacks,
  NegotiationContext,
  NegotiationResult,
  Sender,
  TokenUsage,
} from "./negotiation-types";
import { supplierRecordOf } from "./negotiation-types";
import { FRESH_START, resumePointOf } from "./resume-point";

/**
 * Negotiates one supplier to an end. Each round the brand moves (opening, counter, accept or walk
 * away), then the supplier (offer, accept or reject); after the supplier's final offer the brand
 * has a closing word. Every move is decided as structured data first, guarded in code, then
 * phrased as a streamed message. Never throws: failures end as `failed` with the reason.
 */
export async function runSupplierNegotiation(
  supplier: SupplierProfile,
  context: NegotiationContext,
  callbacks: NegotiationCallbacks,
  signal?: AbortSignal,
): Promise<NegotiationResult> {
  const startedAt = Date.now();
  const supplierId = supplier.id;
  // The one supplier agent learns which supplier it speaks for from each call's request context.
  const supplierContext = supplierRequestContext(supplier);
  const notify = safeCallbacks(callbacks, `negotiation ${context.negotiationId}`);
  // After a restart, the negotiation goes on from what was persisted of it.
  const start = context.resumeFrom ? resumePointOf(context.resumeFrom.messages, context.maxRounds) : FRESH_START;
  const history: HistoryEntry[] = [...start.history];
  const transcript: TranscriptLine[] = [...start.transcript];
  let sequence = start.sequence;
  let round = start.round;
  let usage: TokenUsage = start.usage;
  let lastOffer: Terms | undefined = start.lastOffer;
  /** Whether the brand's latest move told the supplier a better competing offer exists. */
  let leverageClaimed = false;
  const buyerContext = buyerContextOf(context.quote);

  /** The result's fields that come from the negotiation's state as it stands. */
  const resultBase = () => ({
    negotiationId: context.negotiationId,
    supplierId,
    supplierName: supplier.name,
    supplierRecord: supplierRecordOf(supplier),
    rounds: round,
    ...(lastOffer ? { lastOffer } : {}),
    messageCount: sequence,
    usage,
    durationMs: Date.now() - startedAt,
  });

  const finish = (status: FinalStatus, extra: { reason?: string; finalOffer?: Terms } = {}): NegotiationResult => {
    notify.onStatusChange({ negotiationId: context.negotiationId, supplierId, status, round, ...extra });
    return { ...resultBase(), status, ...extra };
  };

  /** The brand's alternative: the best competing offer so far, and whether it beats the offer on the table. */
  const market = () => {
    const best = context.market?.bestExcept(supplierId);
    if (best === undefined) return {};
    const beaten = lastOffer !== undefined && best > buyerUtility(lastOffer, buyerContext);
    return { alternative: { netCost: -best }, leverage: beaten };
  };

  const stateFor = (role: Sender, closing = false): TurnState => ({
    role,
    phase: "decide",
    supplierId,
    supplierName: supplier.name,
    round,
    maxRounds: context.maxRounds,
    closing,
    request: {
      lines: context.quote.products.map((line) => {
        const product = productOfLine(line);
        return {
          productId: line.productId,
          productName: product.name,
          unit: product.unit,
          ...(product.specification ? { specification: product.specification } : {}),
          quantity: line.quantity,
          ...(role === "brand"
            ? { maxUnitPrice: unitPriceLimit(line), marketUnitPrice: product.referenceUnitPrice }
            : {}),
        };
      }),
      ...(role === "brand" && context.quote.maxLeadTimeDays ? { maxLeadTimeDays: context.quote.maxLeadTimeDays } : {}),
      ...(role === "brand" ? { priorities: context.quote.priorities } : {}),
      // The buyer's notes are for the brand alone: the supplier agent never sees them.
      ...(role === "brand" ? { notes: context.quote.userNotes } : {}),
    },
    rateCard: rateCardOf(supplier, context.quote.products),
    ...(role === "brand"
      ? {
          ...market(),
          buyerValuation: {
            leadDayValue: buyerContext.leadDayValue,
            capitalRatePerYear: buyerContext.capitalRatePerYear,
          },
        }
      : {
          walkAway: context.quote.products.map((line) => ({
            productId: line.productId,
            unitPrice: walkAwayUnitPrice(supplier, line.productId, line.quantity),
          })),
          ...(leverageClaimed ? { leverage: true } : {}),
        }),
    history: [...history],
  });

  /** The message being streamed, so a failure or cancellation can close it instead of leaving it partial. */
  let open:
    { key: MessageKey; text: string; decision: string; terms: Terms; model: string; usage: TokenUsage } | undefined;

  /** One turn: decide (structured, guarded), then speak (streamed), then record. */
  const takeTurn = async <M extends BrandTurn | SupplierTurn>(
    role: Sender,
    schema: z.ZodType<M>,
    state: TurnState,
    guard: (move: M) => GuardedMove<M>,
  ): Promise<M> => {
    const agent = role === "brand" ? context.agents.brand : context.agents.supplier;
    const calls = {
      retries: context.retries,
      signal,
      callTimeoutMs: context.modelCallTimeoutMs,
      ...(role === "supplier" ? { requestContext: supplierContext } : {}),
    };
    const decided = await decideMove(agent, schema, state, transcript, calls);
    const { move, overridden } = guard(decided.move);
    const key: MessageKey = {
      negotiationId: context.negotiationId,
      supplierId,
      sequence: sequence++,
      round,
      sender: role,
    };
    open = { key, text: "", decision: move.decision, terms: move.terms, model: decided.model, usage: decided.usage };
    notify.onMessageStart(key);
    const spoken = await speakMove(
      agent,
      stateForSpeaking(state, { decision: move.decision, terms: move.terms }),
      transcript,
      {
        ...calls,
        onDelta: (delta, text) => {
          if (open) open.text = text;
          notify.onMessageDelta({ ...key, delta, text });
        },
      },
    );
    open = undefined;
    const turnUsage = addUsage(decided.usage, spoken.usage);
    usage = addUsage(usage, turnUsage);
    history.push({ round, sender: role, decision: move.decision, terms: move.terms });
    transcript.push({ sender: role, content: spoken.text });
    notify.onMessage({
      ...key,
      content: spoken.text,
      decision: move.decision,
      terms: move.terms,
      createdAt: Date.now(),
      metadata: { model: spoken.model, usage: turnUsage, ...(overridden ? { guardrail: overridden } : {}) },
    });
    return move;
  };

  /** Ends a message cut short mid-stream as final, flagged interrupted. */
  const closeOpenMessage = () => {
    if (!open) return;
    const { key, text, decision, terms, model, usage: openUsage } = open;
    open = undefined;
    usage = addUsage(usage, openUsage);
    notify.onMessage({
      ...key,
      content: text,
      decision,
      terms,
      createdAt: Date.now(),
      metadata: { model, usage: openUsage, interrupted: true },
    });
  };

  /** The last gate before a deal: whoever accepted, the terms must be inside the buyer's limits. */
  const agree = (terms: Terms): NegotiationResult =>
    offerWithinLimits(stateFor("brand"), terms)
      ? finish("completed", { finalOffer: terms })
      : finish("impasse", { reason: "agreement blocked: the terms are outside the buyer's limits" });

  /** What a brand move means: the negotiation's end, or undefined when the supplier answers next. */
  const afterBrand = (move: { decision: string; terms: Terms }, closing: boolean): NegotiationResult | undefined => {
    if (move.decision === "accept") return agree(move.terms);
    if (move.decision === "walk-away") {
      return finish("impasse", {
        reason: closing ? "the supplier's final offer stayed outside the buyer's limits" : "the brand walked away",
      });
    }
    return closing ? finish("impasse", { reason: "no agreement within the round limit" }) : undefined;
  };

  /** What a supplier move means: the end, or undefined when its offer stands and the brand moves next. */
  const afterSupplier = (move: { decision: string; terms: Terms }): NegotiationResult | undefined => {
    if (move.decision === "accept") return agree(move.terms);
    if (move.decision === "reject") {
      return finish("impasse", { reason: "the supplier walked away: the brand's price stayed below what it accepts" });
    }
    lastOffer = move.terms;
    if (offerWithinLimits(stateFor("brand"), move.terms)) {
      context.market?.report(supplierId, buyerUtility(move.terms, buyerContext));
    }
    return undefined;
  };

  /**
   * A resumed negotiation's last persisted move, applied again: the run may have stopped after the
   * message and before its outcome was recorded. Answers the end it meant, or the brand's standing
   * ask when the supplier's answer is what comes next.
   */
  const replayLastMove = (): NegotiationResult | Terms | undefined => {
    const last = start.lastMove;
    if (last === undefined) return undefined;
    if (last.sender === "supplier") return afterSupplier(last);
    if (last.closing) round = context.maxRounds;
    const ended = afterBrand(last, last.closing);
    if (ended) return ended;
    leverageClaimed = last.decision === "counter" && stateFor("brand").leverage === true;
    return last.terms;
  };

  /**
   * A resumed negotiation puts its offers back on the run's market, then yields once, so that every
   * negotiation of the run has done so before any of them moves: leverage reads the whole market.
   * One that had already ended answers its recorded outcome, with no model call and nothing written.
   */
  const rejoin = async (resumed: JournalNegotiation): Promise<NegotiationResult | undefined> => {
    for (const entry of start.history) {
      if (
        entry.sender === "supplier" &&
        entry.decision === "offer" &&
        offerWithinLimits(stateFor("brand"), entry.terms)
      ) {
        context.market?.report(supplierId, buyerUtility(entry.terms, buyerContext));
      }
    }
    await Promise.resolve();
    if (resumed.status === "pending" || resumed.status === "active") return undefined;
    round = resumed.rounds ?? Math.min(round, context.maxRounds);
    return {
      ...resultBase(),
      status: resumed.status,
      ...(resumed.reason === undefined ? {} : { reason: resumed.reason }),
      ...(resumed.finalOffer === undefined ? {} : { finalOffer: resumed.finalOffer }),
    };
  };

  try {
    if (context.resumeFrom) {
      const ended = await rejoin(context.resumeFrom);
      if (ended) return ended;
    }
    signal?.throwIfAborted();
    notify.onStatusChange({ negotiationId: context.negotiationId, supplierId, status: "active", round });
    // The supplier's published fastest delivery already shows no deal can meet the buyer's limit:
    // no turn is spent on a negotiation that cannot succeed.
    const leadLimit = context.quote.maxLeadTimeDays;
    if (leadLimit !== undefined && supplier.fastestLeadTimeDays > leadLimit) {
      return finish("impasse", {
        reason: `the supplier's fastest delivery (${supplier.fastestLeadTimeDays} days) is slower than the buyer's lead-time limit (${leadLimit} days)`,
      });
    }
    const replayed = replayLastMove();
    if (replayed !== undefined && "status" in replayed) return replayed;
    /** The brand's latest ask while the supplier's answer to it is due. */
    let brandAsk: Terms | undefined = replayed;
    for (;;) {
      if (brandAsk === undefined) {
        const closing = round > context.maxRounds;
        if (closing) round = context.maxRounds;
        const brandState = stateFor("brand", closing);
        const brand = await takeTurn("brand", brandTurnSchema, brandState, (move) =>
          guardBrandMove(brandState, move, lastOffer),
        );
        leverageClaimed = brand.decision === "counter" && brandState.leverage === true;
        const ended = afterBrand(brand, closing);
        if (ended) return ended;
        brandAsk = brand.terms;
      }
      const ask = brandAsk;
      const reply = await takeTurn("supplier", supplierTurnSchema, stateFor("supplier"), (move) =>
        guardSupplierMove(supplier, move, ask),
      );
      const ended = afterSupplier(reply);
      if (ended) return ended;
      notify.onOfferReceived({
        negotiationId: context.negotiationId,
        supplierId,
        round,
        sequence: sequence - 1,
        decision: reply.decision,
        terms: reply.terms,
      });
      round++;
      brandAsk = undefined;
    }
  } catch (error) {
    closeOpenMessage();
    if (signal?.aborted) {
      const timedOut = signal.reason instanceof DOMException && signal.reason.name === "TimeoutError";
      return timedOut
        ? finish("failed", { reason: "timed out before reaching an agreement" })
        : finish("cancelled", { reason: "cancelled before reaching an agreement" });
    }
    return finish("failed", { reason: describeFailure(error) });
  }
}

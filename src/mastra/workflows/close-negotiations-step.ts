import type { Mastra } from "@mastra/core/mastra";
import { createStep } from "@mastra/core/workflows";
import type { Decision } from "../../domain/decision";
import { productOfLine } from "../../domain/quote";
import type { Terms } from "../../domain/offer";
import { BRAND_AGENT_ID } from "../agents/brand-agent";
import type { ModelBudget } from "../models/model-budget";
import { speakMove } from "../negotiation/agent-turns";
import type {
  JournalNegotiation,
  MessageKey,
  NegotiationCallbacks,
  NegotiationResult,
} from "../negotiation/negotiation-types";
import { CONFIRM_ORDER, DECLINE_ORDER } from "../../domain/decision";
import type { TurnState } from "../protocol/turn-state";
import { fanOut } from "../storage/negotiation-sink";
import { isDeal } from "./await-decision-step";
import { eventWriterCallbacks } from "./negotiation-events";
import type { RunClaims } from "./run-claims";
import { openRunSink, type RunSinkDeps } from "./run-sink";
import {
  closedOutputSchema,
  decidedOutputSchema,
  type Closing,
  type NegotiationWorkflowInput,
} from "./workflow-schemas";

export interface CloseNegotiationsDeps extends RunSinkDeps {
  modelBudget: ModelBudget;
  claims?: RunClaims;
  modelCallTimeoutMs?: number;
}

type Deal = NegotiationResult & { finalOffer: Terms };

/** What one closing message is written with. */
interface ClosingContext {
  quote: NegotiationWorkflowInput;
  mastra: Mastra;
  callbacks: NegotiationCallbacks;
  signal: AbortSignal;
  deps: CloseNegotiationsDeps;
  runKey: string;
}

/**
 * The workflow's last step: the brand agent tells every supplier it agreed a deal with what the buyer
 * decided: the winner gets its order confirmation on the agreed terms, every other one a courteous
 * decline that names no one else and states no price. Each message is streamed and persisted like
 * any other, and each negotiation ends awarded or declined. A restart redoes only what was not
 * written yet: a closing message already persisted is not written again.
 */
export function createCloseNegotiationsStep(deps: CloseNegotiationsDeps) {
  return createStep({
    id: "close-negotiations",
    description: "Confirms the order with the awarded supplier and declines every other deal.",
    inputSchema: decidedOutputSchema,
    outputSchema: closedOutputSchema,
    execute: async ({ inputData, mastra, abortSignal, writer, requestContext, runId, getInitData }) => {
      const { decision } = inputData;
      if (decision === undefined) return { ...inputData, closings: [] };
      deps.claims?.hold(runId);
      const run = await openRunSink(deps, { requestContext, runId, input: { quoteId: inputData.quoteId } });
      const journal = await run.sink.journal?.(run.identity.quoteId);
      const events = eventWriterCallbacks(writer);
      const context: ClosingContext = {
        quote: getInitData<NegotiationWorkflowInput>(),
        mastra,
        callbacks: fanOut(events, run.sink),
        signal: abortSignal,
        deps,
        runKey: run.identity.quoteId,
      };
      const deals = inputData.results.filter(isDeal);
      const closings = await Promise.all(
        deals.map((deal) => closeOne(context, deal, outcomeFor(decision, deal), journal?.get(deal.negotiationId))),
      );
      await Promise.all([run.flush(), events.drain()]);
      return { ...inputData, closings };
    },
  });
}

function outcomeFor(decision: Decision, deal: Deal): Closing["outcome"] {
  return decision.decision === "award" && decision.supplierId === deal.supplierId ? "awarded" : "declined";
}

/** One supplier's closing word, unless a run before this one already wrote it. */
async function closeOne(
  context: ClosingContext,
  deal: Deal,
  outcome: Closing["outcome"],
  persisted: JournalNegotiation | undefined,
): Promise<Closing> {
  const decision = outcome === "awarded" ? CONFIRM_ORDER : DECLINE_ORDER;
  const written = persisted?.messages.find((m) => m.sender === "brand" && m.decision === decision);
  const sequence = written?.sequence ?? nextSequence(deal, persisted);
  const key: MessageKey = {
    negotiationId: deal.negotiationId,
    supplierId: deal.supplierId,
    sequence,
    round: Math.max(1, deal.rounds),
    sender: "brand",
  };
  let error: string | undefined;
  if (written === undefined) {
    // One message that cannot be written (the model failing after its retries) leaves the others be;
    // the outcome stands, and the reason is kept with it.
    error = await writeClosingMessage(context, key, deal, decision).then(
      () => undefined,
      (failure: unknown) => (failure instanceof Error ? failure.message : String(failure)),
    );
  }
  context.callbacks.onStatusChange({
    negotiationId: deal.negotiationId,
    supplierId: deal.supplierId,
    status: outcome,
    round: key.round,
    ...(outcome === "awarded" ? { finalOffer: deal.finalOffer } : {}),
  });
  return {
    negotiationId: deal.negotiationId,
    supplierId: deal.supplierId,
    outcome,
    sequence,
    ...(error === undefined ? {} : { error }),
  };
}

/** After the last message persisted (or, with no store to read back, the messages the run counted). */
function nextSequence(deal: Deal, persisted: JournalNegotiation | undefined): number {
  if (persisted === undefined || persisted.messages.length === 0) return deal.messageCount;
  return Math.max(...persisted.messages.map((m) => m.sequence)) + 1;
}

async function writeClosingMessage(context: ClosingContext, key: MessageKey, deal: Deal, decision: string) {
  const { callbacks, deps } = context;
  const state = closingState(context.quote, key, deal, decision);
  callbacks.onMessageStart?.(key);
  const spoken = await speakMove(context.mastra.getAgentById(BRAND_AGENT_ID), state, [], {
    budget: deps.modelBudget,
    budgetScope: { runKey: context.runKey },
    signal: context.signal,
    ...(deps.modelCallTimeoutMs ? { callTimeoutMs: deps.modelCallTimeoutMs } : {}),
    onDelta: (delta, text) => callbacks.onMessageDelta?.({ ...key, delta, text }),
  });
  callbacks.onMessage({
    ...key,
    content: spoken.text,
    decision,
    terms: deal.finalOffer,
    createdAt: Date.now(),
    metadata: { model: spoken.model, usage: spoken.usage },
  });
}

/**
 * What the closing message is phrased from: this supplier's own agreed terms and the products, and
 * nothing of the other suppliers or of the buyer's limits and notes, so no model can repeat them.
 */
function closingState(quote: NegotiationWorkflowInput, key: MessageKey, deal: Deal, decision: string): TurnState {
  return {
    role: "brand",
    phase: "speak",
    supplierId: deal.supplierId,
    supplierName: deal.supplierName,
    round: key.round,
    maxRounds: quote.maxRounds,
    closing: true,
    request: {
      lines: quote.products.map((line) => {
        const product = productOfLine(line);
        return { productId: line.productId, productName: product.name, unit: product.unit, quantity: line.quantity };
      }),
    },
    history: [],
    decided: { decision, terms: deal.finalOffer },
  };
}

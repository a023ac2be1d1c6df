import { createBrandAgent } from "../../mastra/agents/brand-agent";
import { createSupplierAgent } from "../../mastra/agents/supplier-agent";
import { SAMPLE_QUOTE } from "../../cli/sample-quote";
import type { QuoteRequest } from "../../domain/quote";
import type { NegotiationModel } from "../../mastra/models/create-model";
import { ModelBudget, modelBudgetConfigFromEnv } from "../../mastra/models/model-budget";
import type {
  MessageDelta,
  MessageKey,
  NegotiationCallbacks,
  NegotiationContext,
  NegotiationMessage,
  OfferReceived,
  StatusChange,
} from "../../mastra/negotiation/negotiation-types";

/** The sample quote `npm run demo` negotiates: two products with price limits and a lead-time limit. */
export const QUOTE: QuoteRequest = SAMPLE_QUOTE;

/** The budget a server makes from an empty environment: what the engine's tests run under. */
export const TEST_MODEL_BUDGET = new ModelBudget(modelBudgetConfigFromEnv({}));

export function contextFor(
  supplierId: string,
  model: NegotiationModel,
  overrides: Partial<NegotiationContext> = {},
): NegotiationContext {
  return {
    negotiationId: `neg-${supplierId}`,
    quote: QUOTE,
    maxRounds: 4,
    agents: { brand: createBrandAgent(model), supplier: createSupplierAgent(model) },
    modelBudget: TEST_MODEL_BUDGET,
    retries: 0,
    ...overrides,
  };
}

/** Callbacks that record everything, in arrival order. */
export function recordingCallbacks() {
  const events: Array<
    | { kind: "start"; at: number; value: MessageKey }
    | { kind: "delta"; at: number; value: MessageDelta }
    | { kind: "message"; at: number; value: NegotiationMessage }
    | { kind: "status"; at: number; value: StatusChange }
    | { kind: "offer"; at: number; value: OfferReceived }
  > = [];
  const callbacks: NegotiationCallbacks = {
    onMessageStart: (value) => events.push({ kind: "start", at: Date.now(), value }),
    onMessageDelta: (value) => events.push({ kind: "delta", at: Date.now(), value }),
    onMessage: (value) => events.push({ kind: "message", at: Date.now(), value }),
    onStatusChange: (value) => events.push({ kind: "status", at: Date.now(), value }),
    onOfferReceived: (value) => events.push({ kind: "offer", at: Date.now(), value }),
  };
  const messages = () => events.flatMap((e) => (e.kind === "message" ? [e.value] : []));
  const statuses = () => events.flatMap((e) => (e.kind === "status" ? [e.value.status] : []));
  return { callbacks, events, messages, statuses };
}

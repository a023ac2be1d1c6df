import { createBrandAgent } from "../src/mastra/agents/brand-agent";
import { createSupplierAgent } from "../src/mastra/agents/supplier-agent";
import { BUILT_IN_SUPPLIERS } from "../src/domain/suppliers";
import { LocalNegotiationModel } from "../src/mastra/models/local/local-negotiation-model";
import { ModelBudget, modelBudgetConfigFromEnv } from "../src/mastra/models/model-budget";
import { runSupplierNegotiation } from "../src/mastra/negotiation/run-supplier-negotiation";
import type { NegotiationCallbacks, NegotiationResult } from "../src/mastra/negotiation/negotiation-types";
import { SAMPLE_QUOTE } from "../src/cli/sample-quote";

const NO_OP: NegotiationCallbacks = { onMessage() {}, onStatusChange() {}, onOfferReceived() {} };
/** The budget a server would give its runs (MODEL_* env): the bench measures what production does. */
const MODEL_BUDGET = new ModelBudget(modelBudgetConfigFromEnv());

export interface ConcurrencyReport {
  latencyMs: number;
  sequentialMs: number;
  parallelMs: number;
  slowestSingleMs: number;
  singles: NegotiationResult[];
}

function negotiate(model: LocalNegotiationModel, supplierId: string) {
  const supplier = BUILT_IN_SUPPLIERS.find((s) => s.id === supplierId)!;
  return runSupplierNegotiation(
    supplier,
    {
      negotiationId: `bench-${supplierId}`,
      quote: SAMPLE_QUOTE,
      maxRounds: 4,
      agents: { brand: createBrandAgent(model), supplier: createSupplierAgent(model) },
      modelBudget: MODEL_BUDGET,
    },
    NO_OP,
  );
}

/** Same seed for both passes, so each negotiation makes the same model calls sequentially and in parallel. */
export async function benchConcurrency(latencyMs: number, tokenDelayMs: number): Promise<ConcurrencyReport> {
  const model = new LocalNegotiationModel({ seed: 7, latencyMs, tokenDelayMs });
  const singles: NegotiationResult[] = [];
  const sequentialStart = performance.now();
  for (const supplier of BUILT_IN_SUPPLIERS) singles.push(await negotiate(model, supplier.id));
  const sequentialMs = performance.now() - sequentialStart;

  const parallelStart = performance.now();
  await Promise.allSettled(BUILT_IN_SUPPLIERS.map((s) => negotiate(model, s.id)));
  const parallelMs = performance.now() - parallelStart;
  return {
    latencyMs,
    sequentialMs,
    parallelMs,
    slowestSingleMs: Math.max(...singles.map((s) => s.durationMs)),
    singles,
  };
}

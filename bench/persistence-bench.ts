import { createBrandAgent } from "../src/mastra/agents/brand-agent";
import { createSupplierAgent } from "../src/mastra/agents/supplier-agent";
import { SAMPLE_QUOTE } from "../src/cli/sample-quote";
import { BUILT_IN_SUPPLIERS } from "../src/domain/suppliers";
import { LocalNegotiationModel, type LocalModelOptions } from "../src/mastra/models/local/local-negotiation-model";
import type { NegotiationModel } from "../src/mastra/models/create-model";
import { ModelBudget, modelBudgetConfigFromEnv } from "../src/mastra/models/model-budget";
import { runSupplierNegotiation } from "../src/mastra/negotiation/run-supplier-negotiation";
import type { NegotiationCallbacks, NegotiationResult } from "../src/mastra/negotiation/negotiation-types";
import { MessagePersister } from "../src/mastra/storage/message-persister";
import { startLatencyConvexServer } from "./latency-convex-server";
import { naiveInlinePersistence } from "./naive-inline-persistence";

const NO_OP: NegotiationCallbacks = { onMessage() {}, onStatusChange() {}, onOfferReceived() {} };
/** The budget a server would give its runs (MODEL_* env): the bench measures what production does. */
const MODEL_BUDGET = new ModelBudget(modelBudgetConfigFromEnv());

async function negotiateAll(model: NegotiationModel, callbacks: NegotiationCallbacks, finish: () => Promise<unknown>) {
  const startedAt = performance.now();
  const results = await Promise.all(
    BUILT_IN_SUPPLIERS.map((s) =>
      runSupplierNegotiation(
        s,
        {
          negotiationId: `bench-${s.id}`,
          quote: SAMPLE_QUOTE,
          maxRounds: 4,
          agents: { brand: createBrandAgent(model), supplier: createSupplierAgent(model) },
          modelBudget: MODEL_BUDGET,
        },
        callbacks,
      ),
    ),
  );
  const negotiatedMs = performance.now() - startedAt;
  await finish();
  return { wallMs: performance.now() - startedAt, negotiatedMs, results };
}

export interface PersistenceReport {
  roundTripMs: number;
  withoutMs: number;
  persisterMs: number;
  /** With the persister, until the last negotiation ended, before the final flush. */
  persisterNegotiatedMs: number;
  naiveMs: number;
  persisterWrites: number;
  messages: number;
  persistedFinals: number;
  undelivered: number;
}

function messageCount(results: NegotiationResult[]): number {
  return results.reduce((sum, r) => sum + r.messageCount, 0);
}

/** The same seeded negotiations three ways: no persistence, MessagePersister, naive inline writes. */
export async function benchPersistence(roundTripMs: number, model: LocalModelOptions): Promise<PersistenceReport> {
  const without = await negotiateAll(new LocalNegotiationModel(model), NO_OP, async () => undefined);

  const server = await startLatencyConvexServer(roundTripMs);
  const persister = new MessagePersister({ convexUrl: server.url, writeToken: "bench" });
  let undelivered = 0;
  const withPersister = await negotiateAll(new LocalNegotiationModel(model), persister, async () => {
    undelivered = (await persister.flush()).undelivered.length;
  });
  const persisterWrites = server.requests();
  const persistedFinals = server.finals.size;
  await server.close();

  const naiveServer = await startLatencyConvexServer(roundTripMs);
  const naive = naiveInlinePersistence(naiveServer.url, "bench", model);
  const withNaive = await negotiateAll(naive.model, naive.callbacks, naive.drain);
  await naiveServer.close();

  return {
    roundTripMs,
    withoutMs: without.wallMs,
    persisterMs: withPersister.wallMs,
    persisterNegotiatedMs: withPersister.negotiatedMs,
    naiveMs: withNaive.wallMs,
    persisterWrites,
    messages: messageCount(withPersister.results),
    persistedFinals,
    undelivered,
  };
}

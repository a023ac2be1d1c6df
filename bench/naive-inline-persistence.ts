import type {
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from "@ai-sdk/provider";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../src/server/_generated/api";
import type { Id } from "../src/server/_generated/dataModel";
import {
  LocalNegotiationModel,
  turnStateOf,
  type LocalModelOptions,
} from "../src/mastra/models/local/local-negotiation-model";
import type { NegotiationCallbacks } from "../src/mastra/negotiation/negotiation-types";

/**
 * The design MessagePersister replaces, for comparison: one shared ConvexHttpClient (its default
 * queue serialises every mutation), every streamed chunk written and awaited before the next is
 * produced, and each turn waiting for the previous message's write. Built as a model wrapper,
 * because the engine itself never awaits its callbacks.
 */
export function naiveInlinePersistence(convexUrl: string, writeToken: string, model: LocalModelOptions) {
  const client = new ConvexHttpClient(convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
  const lanes = new Map<string, Promise<unknown>>();
  const negotiationOf = new Map<string, string>();
  const inline = (negotiationId: string, write: () => Promise<unknown>) => {
    const next = (lanes.get(negotiationId) ?? Promise.resolve()).then(write);
    lanes.set(
      negotiationId,
      next.catch(() => undefined),
    );
  };
  const ref = (id: string) => id as Id<"negotiations">;

  const callbacks: NegotiationCallbacks = {
    onMessageStart: (key) => negotiationOf.set(key.supplierId, key.negotiationId),
    onMessage: (m) =>
      inline(m.negotiationId, () =>
        client.mutation(api.negotiations.addMessage, {
          writeToken,
          negotiationId: ref(m.negotiationId),
          sequence: m.sequence,
          sender: m.sender,
          content: m.content,
          createdAt: m.createdAt,
        }),
      ),
    onStatusChange: (s) =>
      inline(s.negotiationId, () =>
        client.mutation(api.negotiations.updateNegotiationStatus, {
          writeToken,
          negotiationId: ref(s.negotiationId),
          status: s.status,
          roundCount: s.round,
        }),
      ),
    onOfferReceived: (o) =>
      inline(o.negotiationId, () =>
        client.mutation(api.negotiations.recordOffer, {
          writeToken,
          negotiationId: ref(o.negotiationId),
          round: o.round,
          sequence: o.sequence,
          terms: o.terms,
        }),
      ),
  };

  class InlineWritingModel extends LocalNegotiationModel {
    override async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
      await this.previousWrites(call);
      return super.doGenerate(call);
    }

    override async doStream(call: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
      const state = await this.previousWrites(call);
      const { stream } = await super.doStream(call);
      const negotiationId = negotiationOf.get(state.supplierId) ?? state.supplierId;
      let text = "";
      const writeEachChunk = new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
        async transform(part, controller) {
          if (part.type === "text-delta") {
            text += part.delta;
            await client.mutation(api.negotiations.streamMessage, {
              writeToken,
              negotiationId: ref(negotiationId),
              sequence: state.history.length,
              sender: state.role,
              content: text,
              isPartial: true,
              createdAt: Date.now(),
            });
          }
          controller.enqueue(part);
        },
      });
      return { stream: stream.pipeThrough(writeEachChunk) };
    }

    private async previousWrites(call: LanguageModelV4CallOptions) {
      const state = turnStateOf(call);
      if (!state) throw new Error("not a negotiation turn");
      await lanes.get(negotiationOf.get(state.supplierId) ?? "");
      return state;
    }
  }

  return { callbacks, model: new InlineWritingModel(model), drain: () => Promise.all(lanes.values()) };
}

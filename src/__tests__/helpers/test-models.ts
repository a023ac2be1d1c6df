import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { setTimeout as sleep } from "node:timers/promises";
import {
  LocalNegotiationModel,
  turnStateOf,
  type LocalModelOptions,
} from "../../mastra/models/local/local-negotiation-model";
import type { TurnState } from "../../mastra/protocol/turn-state";

export const FAST_LOCAL: LocalModelOptions = { seed: 7, latencyMs: 0, tokenDelayMs: 0 };

export function stateOf(call: LanguageModelV4CallOptions): TurnState {
  const state = turnStateOf(call);
  if (!state) throw new Error("test model: no negotiation state in prompt");
  return state;
}

/** The local model, except that calls for the given supplier's negotiation fail like a provider outage. */
export class FailingForSupplierModel extends LocalNegotiationModel {
  calls = 0;
  constructor(
    private readonly failingSupplierId: string,
    options: LocalModelOptions = FAST_LOCAL,
  ) {
    super(options);
  }
  override async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    if (stateOf(call).supplierId === this.failingSupplierId) {
      this.calls++;
      throw new Error("503 Service Unavailable: upstream model overloaded");
    }
    return super.doGenerate(call);
  }
}

/** The local model, except that one side's structured move is replaced by `override(state)` when it
 *  returns one: a model that ignores its instructions. */
export class MoveOverrideModel extends LocalNegotiationModel {
  constructor(
    private readonly role: TurnState["role"],
    private readonly override: (state: TurnState) => object | undefined,
    options: LocalModelOptions = FAST_LOCAL,
  ) {
    super(options);
  }
  override async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const state = stateOf(call);
    const replacement =
      state.role === this.role && call.responseFormat?.type === "json" ? this.override(state) : undefined;
    if (!replacement) return super.doGenerate(call);
    const result = await super.doGenerate(call);
    return { ...result, content: [{ type: "text", text: JSON.stringify(replacement) }] };
  }
}

/** The local model whose structured output is never valid JSON for the schema. */
export class GarbledOutputModel extends LocalNegotiationModel {
  calls = 0;
  override async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const result = await super.doGenerate(call);
    if (call.responseFormat?.type !== "json") return result;
    this.calls++;
    return { ...result, content: [{ type: "text", text: '{"decision": "maybe", "terms": "cheap please"}' }] };
  }
}

/** The local model, except that every call for the given supplier's negotiation takes `delayMs`. */
export class SlowForSupplierModel extends LocalNegotiationModel {
  calls = 0;
  constructor(
    private readonly slowSupplierId: string,
    private readonly delayMs: number,
    options: LocalModelOptions = FAST_LOCAL,
  ) {
    super(options);
  }
  override async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    if (stateOf(call).supplierId === this.slowSupplierId) {
      this.calls++;
      await sleep(this.delayMs, undefined, { signal: call.abortSignal });
    }
    return super.doGenerate(call);
  }
}

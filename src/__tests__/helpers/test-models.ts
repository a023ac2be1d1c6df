import type { LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { setTimeout as sleep } from "node:timers/promises";
import { LocalNegotiationModel, type LocalModelOptions } from "../../mastra/models/local/local-negotiation-model";
import { extractTurnState, type TurnState } from "../../mastra/negotiation/turn-state";

export const FAST_LOCAL: LocalModelOptions = { seed: 7, latencyMs: 0, tokenDelayMs: 0 };

export function stateOf(call: LanguageModelV4CallOptions): TurnState {
  const text = call.prompt
    .flatMap((m) =>
      typeof m.content === "string" ? [m.content] : m.content.flatMap((p) => (p.type === "text" ? [p.text] : [])),
    )
    .join("\n");
  const state = extractTurnState(text);
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

/** The local model, except that the brand's structured move is replaced by `override(state)`. */
export class BrandOverrideModel extends LocalNegotiationModel {
  constructor(
    private readonly override: (state: TurnState) => object | undefined,
    options: LocalModelOptions = FAST_LOCAL,
  ) {
    super(options);
  }
  override async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const state = stateOf(call);
    const replacement =
      state.role === "brand" && call.responseFormat?.type === "json" ? this.override(state) : undefined;
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
  constructor(
    private readonly slowSupplierId: string,
    private readonly delayMs: number,
    options: LocalModelOptions = FAST_LOCAL,
  ) {
    super(options);
  }
  override async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    if (stateOf(call).supplierId === this.slowSupplierId)
      await sleep(this.delayMs, undefined, { signal: call.abortSignal });
    return super.doGenerate(call);
  }
}

import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { setImmediate, setTimeout as sleep } from "node:timers/promises";
import { extractTurnState, type TurnState } from "../../protocol/turn-state";
import { chatReply } from "./chat-reply";
import { playTurn } from "./play-turn";
import { seededRandom } from "./seeded-random";

export interface LocalModelOptions {
  /** Same seed, same negotiation: every price and every word. */
  seed: number;
  /** Simulated time to first token, per call. */
  latencyMs: number;
  /** Simulated time between streamed words. */
  tokenDelayMs: number;
}

export const LOCAL_MODEL_ID = "local-negotiator-v1";

/**
 * The built-in negotiation model: an AI SDK language model that plays either side of a
 * negotiation by a concession strategy over the structured state in its prompt. Plugged into the
 * very same Mastra Agents as OpenAI, so the offline path runs the production code.
 */
export class LocalNegotiationModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "local";
  readonly modelId = LOCAL_MODEL_ID;
  readonly supportedUrls = {};

  constructor(private readonly options: LocalModelOptions) {}

  async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { text, promptText } = this.respond(call);
    await sleep(this.options.latencyMs, undefined, { signal: call.abortSignal });
    return {
      content: [{ type: "text", text }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: usage(promptText, text),
      warnings: [],
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doStream(call: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { text, promptText } = this.respond(call);
    const { latencyMs, tokenDelayMs } = this.options;
    const signal = call.abortSignal;
    // Word-sized chunks, each keeping its trailing space, so the deltas concatenate to the text.
    const chunks = text.match(/\S+\s*/g) ?? [text];
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      async start(controller) {
        try {
          controller.enqueue({ type: "stream-start", warnings: [] });
          await sleep(latencyMs, undefined, { signal });
          controller.enqueue({ type: "text-start", id: "text-0" });
          for (const [index, chunk] of chunks.entries()) {
            // Each word arrives as its own event, as a provider's chunks do off the socket: with no
            // delay it still yields to the event loop, so an instant model cannot hog it for a message.
            if (index > 0) {
              if (tokenDelayMs > 0) await sleep(tokenDelayMs, undefined, { signal });
              else await setImmediate(undefined, { signal });
            }
            controller.enqueue({ type: "text-delta", id: "text-0", delta: chunk });
          }
          controller.enqueue({ type: "text-end", id: "text-0" });
          controller.enqueue({
            type: "finish",
            finishReason: { unified: "stop", raw: "stop" },
            usage: usage(promptText, text),
          });
          controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    });
    return { stream };
  }

  /** Decides the reply up front: a JSON move when structured output is asked for, else prose. */
  private respond(call: LanguageModelV4CallOptions): { text: string; promptText: string } {
    const promptText = promptToText(call);
    const state = extractTurnState(promptText);
    if (!state) {
      if (call.responseFormat?.type === "json") {
        throw new Error(
          "The local negotiation model decides moves only for negotiation turns: the prompt has no <negotiation-state> block.",
        );
      }
      // Not a negotiation turn: someone chatting with the agent (Mastra Studio).
      return { text: chatReply(systemText(call), lastUserText(call)), promptText };
    }
    const random = seededRandom(
      this.options.seed,
      `${state.supplierId}|${state.round}|${state.role}|${state.phase}|${state.closing}`,
    );
    const structured = call.responseFormat?.type === "json";
    return { text: playTurn(state, systemText(call), { random, seed: this.options.seed, structured }), promptText };
  }
}

/** The negotiation state a call's prompt carries, or null when it carries none. */
export function turnStateOf(call: LanguageModelV4CallOptions): TurnState | null {
  return extractTurnState(promptToText(call));
}

type PromptMessage = LanguageModelV4CallOptions["prompt"][number];

function messageText(message: PromptMessage): string {
  return typeof message.content === "string"
    ? message.content
    : message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}

function promptToText(call: LanguageModelV4CallOptions): string {
  return call.prompt.map(messageText).join("\n");
}

function systemText(call: LanguageModelV4CallOptions): string {
  return call.prompt
    .filter((message) => message.role === "system")
    .map(messageText)
    .join("\n");
}

function lastUserText(call: LanguageModelV4CallOptions): string {
  const user = call.prompt.filter((message) => message.role === "user").at(-1);
  return user ? messageText(user) : "";
}

/** Roughly four characters a token, as for English with common tokenizers. */
function usage(promptText: string, text: string): LanguageModelV4Usage {
  const input = Math.ceil(promptText.length / 4);
  const output = Math.ceil(text.length / 4);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

import type { Agent } from "@mastra/core/agent";
import type { RequestContext } from "@mastra/core/request-context";
import pRetry, { AbortError } from "p-retry";
import type { z } from "zod";
import { withPhase } from "../protocol/call-phase";
import { convertedOnce } from "../agents/converted-schema";
import type { BudgetScope, ModelBudget } from "../models/model-budget";
import { buildTurnPrompt, type TranscriptLine } from "../protocol/turn-prompt";
import { termsMismatch } from "../protocol/guardrails";
import type { Terms } from "../../domain/offer";
import type { TokenUsage } from "./negotiation-types";
import type { TurnState } from "../protocol/turn-state";

export const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

interface CallOptions {
  /** Where the call waits its turn (model-budget.ts), and for whom. */
  budget: ModelBudget;
  budgetScope?: BudgetScope | undefined;
  retries?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Each attempt gets this long before it is abandoned and tried again; none when unset. */
  callTimeoutMs?: number | undefined;
  /** What the agent's dynamic instructions are built from (the supplier agent: which supplier it is). */
  requestContext?: RequestContext | undefined;
}

const DEFAULT_RETRIES = 2;

/** A model call that got no complete answer in time: a hung or overloaded endpoint. */
export class ModelCallTimeoutError extends Error {
  override name = "ModelCallTimeoutError";
}

/** What a call is expected to spend before it is made: the prompt at ~4 characters a token, plus an answer. */
function estimateTokens(prompt: string): number {
  return Math.ceil(prompt.length / 4) + 400;
}

/**
 * Runs a model call within the process's shared model budget (`options.budget`, model-budget.ts:
 * concurrency, requests and tokens per minute, fair across runs, 429/5xx waited out honouring
 * Retry-After), and retries other failures with exponential backoff; stops at once when the
 * negotiation is cancelled. Each attempt runs under its own deadline from the moment it leaves the
 * budget's queue, so an endpoint that accepts the connection and never answers costs one timeout
 * per attempt, not the negotiation's whole time limit, and waiting for capacity costs neither.
 */
function withRetries<T>(
  agentName: string,
  prompt: string,
  call: (signal: AbortSignal | undefined) => Promise<T>,
  tokensSpent: () => number,
  options: CallOptions,
): Promise<T> {
  const attempt = () => {
    if (options.signal?.aborted) throw new AbortError(String(options.signal.reason ?? "cancelled"));
    return options.budget.run(
      estimateTokens(prompt),
      async () => {
        options.signal?.throwIfAborted();
        const deadline = options.callTimeoutMs ? AbortSignal.timeout(options.callTimeoutMs) : undefined;
        const signal =
          deadline && options.signal ? AbortSignal.any([options.signal, deadline]) : (deadline ?? options.signal);
        try {
          return await call(signal);
        } catch (error) {
          if (deadline?.aborted && !options.signal?.aborted) {
            throw new ModelCallTimeoutError(
              `${agentName}: the model did not answer within ${Math.round(options.callTimeoutMs! / 1000)} s`,
            );
          }
          throw error;
        }
      },
      tokensSpent,
      options.budgetScope,
    );
  };
  return pRetry(attempt, {
    retries: options.retries ?? DEFAULT_RETRIES,
    minTimeout: 200,
    factor: 2,
    randomize: true,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

async function modelName(agent: Agent): Promise<string> {
  const model = await agent.getModel();
  return model.modelId;
}

function usageOf(
  usage: { inputTokens?: number | undefined; outputTokens?: number | undefined } | undefined,
): TokenUsage {
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

export interface DecidedMove<M> {
  move: M;
  usage: TokenUsage;
  model: string;
}

/** Asks the agent for its structured move and checks it fits the quote; retried when it does not. */
export async function decideMove<M extends { terms: Terms }>(
  agent: Agent,
  schema: z.ZodType<M>,
  state: TurnState,
  transcript: readonly TranscriptLine[],
  options: CallOptions,
): Promise<DecidedMove<M>> {
  const prompt = buildTurnPrompt(state, transcript);
  const structured = convertedOnce(schema);
  let usage = ZERO_USAGE;
  let lastCallTokens = 0;
  const move = await withRetries(
    agent.name,
    prompt,
    async (signal) => {
      const result = await agent.generate(prompt, {
        structuredOutput: { schema: structured },
        abortSignal: signal,
        ...(options.requestContext ? { requestContext: options.requestContext } : {}),
      });
      const callUsage = usageOf(result.usage);
      lastCallTokens = callUsage.totalTokens;
      usage = addUsage(usage, callUsage);
      signal?.throwIfAborted();
      const parsed = schema.safeParse(result.object);
      if (!parsed.success) throw new Error(`${agent.name} returned an invalid move: ${parsed.error.message}`);
      const mismatch = termsMismatch(state, parsed.data.terms);
      if (mismatch) throw new Error(`${agent.name} returned an invalid move: ${mismatch}`);
      return parsed.data;
    },
    () => lastCallTokens,
    options,
  );
  return { move, usage, model: await modelName(agent) };
}

export interface SpokenMessage {
  text: string;
  usage: TokenUsage;
  model: string;
}

interface SpeakOptions extends CallOptions {
  onDelta(delta: string, textSoFar: string): void;
}

/** Streams the agent's message for a decided move, reporting each chunk as it arrives. */
export async function speakMove(
  agent: Agent,
  state: TurnState,
  transcript: readonly TranscriptLine[],
  options: SpeakOptions,
): Promise<SpokenMessage> {
  const prompt = buildTurnPrompt(state, transcript);
  let text = "";
  let lastCallTokens = 0;
  const spoken = await withRetries(
    agent.name,
    prompt,
    async (signal) => {
      text = "";
      const stream = await agent.stream(prompt, {
        abortSignal: signal,
        requestContext: withPhase(options.requestContext, "speak"),
      });
      for await (const delta of stream.textStream) {
        text += delta;
        options.onDelta(delta, text);
      }
      // Mastra ends an aborted stream quietly rather than throwing.
      signal?.throwIfAborted();
      if (!text.trim()) throw new Error(`${agent.name} returned an empty message`);
      const callUsage = usageOf(await stream.usage);
      lastCallTokens = callUsage.totalTokens;
      return { text, usage: callUsage };
    },
    () => lastCallTokens,
    options,
  );
  return { ...spoken, model: await modelName(agent) };
}

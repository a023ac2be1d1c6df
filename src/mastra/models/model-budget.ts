import { setTimeout as sleep } from "node:timers/promises";
import PQueue from "p-queue";
import { z } from "zod";
import { parseEnv } from "../../shared/parse-env";
import type { FleetModelBudget, FleetTicket } from "../fleet/fleet-model-budget";

/**
 * One budget for every model call this process makes: how many may be in flight, how many may
 * start per minute, how many tokens they may spend per minute. Shared by every run, fair across
 * them, and the place where a provider's 429 / 5xx is waited out (honouring Retry-After) instead of
 * failing the negotiation.
 */
export interface ModelBudgetConfig {
  /** Model requests in flight at once. */
  maxConcurrent: number;
  /** Requests started per rolling minute; 0 = no limit. */
  requestsPerMinute: number;
  /** Tokens (estimated before, counted after) per rolling minute; 0 = no limit. */
  tokensPerMinute: number;
  /** How long one call may keep waiting out 429s / 5xx before it fails. */
  maxRetryWaitMs: number;
}

/** Who is asking: calls of one run share a fair share; the callback hears when they wait. */
export interface BudgetScope {
  /** The run (quote) the call belongs to: runs, not negotiations, get equal turns. */
  runKey: string;
  /** Told when a call starts and stops waiting for capacity (queue, rate limit, Retry-After). */
  onWaitingChange?(waiting: boolean, reason: string): void;
}

const count = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(0, `${what} must not be negative`);

const envSchema = z.object({
  MODEL_MAX_CONCURRENCY: count("MODEL_MAX_CONCURRENCY").min(1, "MODEL_MAX_CONCURRENCY must be at least 1").default(64),
  MODEL_REQUESTS_PER_MINUTE: count("MODEL_REQUESTS_PER_MINUTE").default(0),
  MODEL_TOKENS_PER_MINUTE: count("MODEL_TOKENS_PER_MINUTE").default(0),
  MODEL_RETRY_MAX_WAIT_MS: count("MODEL_RETRY_MAX_WAIT_MS").default(10 * 60_000),
});

export function modelBudgetConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ModelBudgetConfig {
  const e = parseEnv(envSchema, env, "model budget configuration");
  return {
    maxConcurrent: e.MODEL_MAX_CONCURRENCY,
    requestsPerMinute: e.MODEL_REQUESTS_PER_MINUTE,
    tokensPerMinute: e.MODEL_TOKENS_PER_MINUTE,
    maxRetryWaitMs: e.MODEL_RETRY_MAX_WAIT_MS,
  };
}

const MINUTE_MS = 60_000;

/** A provider's "slow down": HTTP 429, or a 5xx it may recover from. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

export function isCapacityError(error: unknown): boolean {
  const status = statusOf(error);
  return status === 429 || (status !== undefined && status >= 500);
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, as OpenAI sends them; undefined if absent. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as { responseHeaders?: Record<string, string> } | undefined)?.responseHeaders ?? {};
  const header = (name: string) => Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const ms = Number(header("retry-after-ms"));
  if (header("retry-after-ms") !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const after = header("retry-after");
  if (after === undefined) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A process makes one (createMastra does, from env, unless given one) and hands it to every
 * negotiation it runs, with that negotiation's scope (NegotiationContext); agent-turns.ts runs each
 * model call through it.
 */
export class ModelBudget {
  private readonly queue: PQueue;
  /** Calls of each run waiting or running: the next call of a run with fewer goes first. */
  private readonly perRun = new Map<string, number>();
  /** Tokens spent in the last minute, oldest first. */
  private readonly spent: Array<{ at: number; tokens: number }> = [];
  private resumeAt = 0;

  constructor(
    readonly config: ModelBudgetConfig,
    /**
     * The fleet's budget, when several servers share one Postgres store (fleet/fleet-model-budget.ts):
     * the same limits then hold for all of them together, and this process's own limits still apply.
     */
    private readonly fleet?: FleetModelBudget,
  ) {
    // With a fleet, its budget counts this server's requests and tokens with everyone's.
    this.queue = new PQueue({
      concurrency: config.maxConcurrent,
      ...(config.requestsPerMinute > 0 && !fleet
        ? { interval: MINUTE_MS, intervalCap: config.requestsPerMinute, strict: true }
        : {}),
    });
  }

  /** Calls waiting for a slot, and calls in flight. */
  get waiting(): number {
    return this.queue.size;
  }
  get inFlight(): number {
    return this.queue.pending;
  }

  /**
   * Runs one model call within the budget. A 429 or 5xx is retried after the provider's
   * Retry-After (which also holds back every other call: the provider said so for the account) or
   * with backoff, for up to `maxRetryWaitMs`; any other error is the caller's to handle. Calls
   * without a scope count as one anonymous run.
   */
  async run<T>(
    estimatedTokens: number,
    call: () => Promise<T>,
    tokensUsed: () => number,
    scope?: BudgetScope,
  ): Promise<T> {
    const firstAttemptAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(scope, estimatedTokens, call, tokensUsed);
      } catch (error) {
        if (!isCapacityError(error)) throw error;
        const told = retryAfterMs(error);
        const delay = told ?? Math.min(30_000, 500 * 2 ** (attempt - 1) * (1 + Math.random()));
        if (Date.now() - firstAttemptAt + delay > this.config.maxRetryWaitMs) throw error;
        if (told !== undefined && statusOf(error) === 429) this.resumeAt = Math.max(this.resumeAt, Date.now() + told);
        await this.wait(
          scope,
          `the model provider answered HTTP ${statusOf(error)}; retrying in ${Math.ceil(delay / 1000)} s`,
          () => sleep(delay),
        );
      }
    }
  }

  private async once<T>(
    scope: BudgetScope | undefined,
    estimatedTokens: number,
    call: () => Promise<T>,
    tokensUsed: () => number,
  ): Promise<T> {
    const runKey = scope?.runKey ?? "";
    const ahead = this.perRun.get(runKey) ?? 0;
    this.perRun.set(runKey, ahead + 1);
    let started = false;
    const status = waitingStatus(scope);
    // Said only if the call does not start at once, so an idle budget costs no status noise.
    const announce = setImmediate(() => {
      if (!started) status.set(true, "waiting for model capacity");
    });
    try {
      return await this.queue.add(
        async () => {
          started = true;
          clearImmediate(announce);
          await this.holdWhilePaused(status);
          await this.holdForTokens(status, estimatedTokens);
          const ticket = await this.holdForFleet(status, estimatedTokens);
          status.set(false, "model capacity available");
          try {
            const result = await call();
            this.spend(tokensUsed());
            return result;
          } finally {
            ticket?.finish(tokensUsed()).catch((error: unknown) => {
              console.warn(`could not record a model call in the fleet's budget: ${String(error)}`);
            });
          }
        },
        // Fair across runs: a run's n-th pending call ranks behind every run's earlier ones.
        { priority: -ahead },
      );
    } finally {
      clearImmediate(announce);
      status.set(false, "done waiting");
      const left = (this.perRun.get(runKey) ?? 1) - 1;
      if (left > 0) this.perRun.set(runKey, left);
      else this.perRun.delete(runKey);
    }
  }

  private async holdWhilePaused(status: WaitingStatus): Promise<void> {
    const pauseMs = this.resumeAt - Date.now();
    if (pauseMs <= 0) return;
    status.set(true, "the model provider asked to wait (Retry-After)");
    await sleep(pauseMs);
  }

  private async holdForTokens(status: WaitingStatus, tokens: number): Promise<void> {
    const limit = this.config.tokensPerMinute;
    if (limit <= 0 || this.fleet) return;
    for (;;) {
      const now = Date.now();
      while (this.spent[0] && this.spent[0].at <= now - MINUTE_MS) this.spent.shift();
      const used = this.spent.reduce((sum, s) => sum + s.tokens, 0);
      // One call larger than the whole budget still runs, alone, once the minute is clear.
      if (used + tokens <= limit || used === 0) return;
      status.set(true, "waiting for the tokens-per-minute budget");
      await sleep(Math.max(10, (this.spent[0]?.at ?? now) + MINUTE_MS - now));
    }
  }

  private async holdForFleet(status: WaitingStatus, tokens: number): Promise<FleetTicket | undefined> {
    if (!this.fleet) return undefined;
    for (;;) {
      const admission = await this.fleet.tryStart(tokens, this.config);
      if ("ticket" in admission) return admission.ticket;
      status.set(true, admission.reason);
      await sleep(admission.retryInMs);
    }
  }

  private spend(tokens: number): void {
    if (this.config.tokensPerMinute > 0 && tokens > 0) this.spent.push({ at: Date.now(), tokens });
  }

  private async wait(scope: BudgetScope | undefined, reason: string, until: () => Promise<void>): Promise<void> {
    const status = waitingStatus(scope);
    status.set(true, reason);
    try {
      await until();
    } finally {
      status.set(false, "retrying");
    }
  }
}

interface WaitingStatus {
  set(waiting: boolean, reason: string): void;
}

/** Tells the scope only when waiting starts or ends, never twice the same. */
function waitingStatus(scope: BudgetScope | undefined): WaitingStatus {
  let waiting = false;
  return {
    set(next, reason) {
      if (next === waiting) return;
      waiting = next;
      scope?.onWaitingChange?.(next, reason);
    },
  };
}

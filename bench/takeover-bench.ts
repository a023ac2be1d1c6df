import { performance } from "node:perf_hooks";
import { ConvexHttpClient } from "convex/browser";
import { generateAuthKeys } from "../src/dev-backend/auth-keys";
import { startLocalBackend } from "../src/dev-backend/local-backend";
import { api } from "../src/server/_generated/api";
import type { Id } from "../src/server/_generated/dataModel";
import { killLeaseHolder, startMastraFleet } from "../src/__tests__/helpers/mastra-fleet";
import { signUp } from "../src/__tests__/helpers/sign-up";
import { SAMPLE_QUOTE } from "../src/cli/sample-quote";
import { boardOf, waitFor } from "./crash-bench";

export interface TakeoverSettings {
  watchdogIntervalMs: number;
  stallMs: number;
  leaseMs: number;
}

export interface TakeoverFigures {
  /** From the kill to the next message text on the buyer's board, written by the survivor. */
  killToBoardMs: number;
  /** Negotiations still open at the kill: each redoes at most its one turn in flight. */
  turnsRedone: number;
  quoteStatus: string;
}

/**
 * `npm run bench -- takeover`: two Mastra servers on one throwaway Postgres cluster; the one
 * executing a quote is killed a few turns in, and the other takes the run over when Convex's
 * watchdog finds it stalled and the dead server's lease has run out.
 */
export async function benchTakeover(settings: TakeoverSettings): Promise<TakeoverFigures> {
  const secret = "takeover-bench-secret-takeover-bench-01";
  const keys = await generateAuthKeys();
  const backend = await startLocalBackend();
  // The backend runs in this process: its deployment env is this process's.
  const setEnv = (name: string, value: string) => void (process.env[name] = value);
  Object.assign(process.env, keys, {
    AUTH_LOG_LEVEL: "WARN",
    CONVEX_SITE_URL: backend.url,
    MASTRA_AUTH_SECRET: secret,
  });
  setEnv("WATCHDOG_INTERVAL_MS", String(settings.watchdogIntervalMs));
  setEnv("WATCHDOG_STALL_MS", String(settings.stallMs));
  const fleet = await startMastraFleet({
    count: 2,
    convexUrl: backend.url,
    setDeploymentEnv: setEnv,
    secret,
    leaseMs: settings.leaseMs,
    localModel: { latencyMs: 150, tokenDelayMs: 4 },
  });
  try {
    const buyer = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    buyer.setAuth(await signUp(backend.url, "bench@example.com"));
    const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...SAMPLE_QUOTE, maxRounds: 6 });
    const board = () => boardOf(buyer, quoteId);
    await waitFor(board, (view) => view.finals >= 4);
    const runId = (await buyer.query(api.quotes.get, { quoteId }))?.workflowRunId;
    if (!runId) throw new Error("the quote has no run");
    await killLeaseHolder(fleet, runId);
    const killedAt = performance.now();
    const atCrash = await board();
    await waitFor(board, (view) => view.text !== atCrash.text);
    const backAt = performance.now();
    const quote = await waitFor(
      () => buyer.query(api.quotes.get, { quoteId }),
      (q) => q?.status !== "negotiating",
    );
    return { killToBoardMs: backAt - killedAt, turnsRedone: atCrash.open, quoteStatus: quote?.status ?? "gone" };
  } finally {
    await fleet.stop();
    await backend.close();
  }
}

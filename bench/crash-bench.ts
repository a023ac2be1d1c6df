import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ConvexHttpClient } from "convex/browser";
import { generateAuthKeys } from "../src/dev-backend/auth-keys";
import { startLocalBackend } from "../src/dev-backend/local-backend";
import { api } from "../src/server/_generated/api";
import type { Id } from "../src/server/_generated/dataModel";
import { freePort } from "../src/stack/free-port";
import { startMastraProcess } from "../src/stack/start-stack";
import { signUp } from "../src/__tests__/helpers/sign-up";
import { SAMPLE_QUOTE } from "../src/cli/sample-quote";

export interface CrashFigures {
  /** From the kill to the new server listening. */
  restartMs: number;
  /** From the new server listening to the next message text on the buyer's board. */
  backToBoardMs: number;
  /** Negotiations still open at the kill: each redoes at most its one turn in flight. */
  turnsRedone: number;
  finalMessagesAtCrash: number;
  quoteStatus: string;
}

/**
 * `npm run bench -- crash`: a quote negotiating on a Mastra server process, which is killed with
 * SIGKILL a few turns in and started again on the same store; the buyer's view is read over HTTP
 * every 25 ms, as the board would see it.
 */
export async function benchCrash(latencyMs: number, tokenDelayMs: number): Promise<CrashFigures> {
  const store = mkdtempSync(path.join(tmpdir(), "crash-bench-"));
  const secret = "crash-bench-secret-crash-bench-secret-01";
  const mastraPort = await freePort();
  const keys = await generateAuthKeys();
  const backend = await startLocalBackend();
  // The backend runs in this process: its deployment env is this process's.
  Object.assign(process.env, keys, {
    AUTH_LOG_LEVEL: "WARN",
    CONVEX_SITE_URL: backend.url,
    MASTRA_AUTH_SECRET: secret,
    MASTRA_URL: `http://127.0.0.1:${mastraPort}`,
  });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CONVEX_URL: backend.url,
    MASTRA_AUTH_SECRET: secret,
    MASTRA_DB_URL: `file:${path.join(store, "mastra.db")}`,
    MASTRA_PORT: String(mastraPort),
    TRANSCRIPT_DIR: store,
    LOCAL_MODEL_LATENCY_MS: String(latencyMs),
    LOCAL_MODEL_TOKEN_DELAY_MS: String(tokenDelayMs),
    LOG_LEVEL: "error",
    MASTRA_TELEMETRY_DISABLED: "1",
    MASTRA_OFFLINE: "1",
  };
  let server: ChildProcess | undefined;
  try {
    server = (await startMastraProcess(env)).child;
    const buyer = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    buyer.setAuth(await signUp(backend.url, "bench@example.com"));
    const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...SAMPLE_QUOTE, maxRounds: 6 });
    const board = () => boardOf(buyer, quoteId);
    await waitFor(board, (view) => view.finals >= 4);
    const atCrash = await board();
    const killedAt = performance.now();
    server.kill("SIGKILL");
    await new Promise((resolve) => server!.once("exit", resolve));
    server = (await startMastraProcess(env)).child;
    const readyAt = performance.now();
    await waitFor(board, (view) => view.text !== atCrash.text);
    const backAt = performance.now();
    const quote = await waitFor(
      () => buyer.query(api.quotes.get, { quoteId }),
      (q) => q?.status !== "negotiating",
    );
    return {
      restartMs: readyAt - killedAt,
      backToBoardMs: backAt - readyAt,
      turnsRedone: atCrash.open,
      finalMessagesAtCrash: atCrash.finals,
      quoteStatus: quote?.status ?? "gone",
    };
  } finally {
    server?.kill("SIGKILL");
    await backend.close();
    rmSync(store, { recursive: true, force: true });
  }
}

/** What the board shows: every message's text (partial included), how many are final, how many negotiations are open. */
export async function boardOf(buyer: ConvexHttpClient, quoteId: Id<"quotes">) {
  const negotiations = await buyer.query(api.negotiations.listByQuote, { quoteId });
  const messages = (
    await Promise.all(negotiations.map((n) => buyer.query(api.negotiations.listMessages, { negotiationId: n._id })))
  ).flat();
  return {
    text: messages.map((m) => `${m._id}:${m.content}`).join("\n"),
    finals: messages.filter((m) => !m.isPartial).length,
    open: negotiations.filter((n) => n.status === "active" || n.status === "pending").length,
  };
}

export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 120_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline) throw new Error("the crash bench timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

import type { ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../src/server/_generated/api";
import type { Id } from "../src/server/_generated/dataModel";
import { startMastraProcess } from "../src/stack/start-stack";
import { mastraProcessDeployment } from "./mastra-process-deployment";
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
  const { backend, mastraEnv: env, close } = await mastraProcessDeployment("crash", latencyMs, tokenDelayMs);
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
    await close();
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

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { afterEach, describe, expect, it } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { startLocalStack, type LocalStack } from "../../stack/start-stack";
import { signUp, TEST_PASSWORD } from "../helpers/sign-up";
import { validQuote } from "../server/harness";
import { expectCompletedKeeping, finalMessagesOf, until } from "./quote-watch";

/*
 * `npm start` keeps its data in a folder (data/local; a temporary one here): the whole stack
 * stopped and started again on it, or its backend killed, and the buyer's account, quotes and the
 * run in flight all go on.
 */

const FAST_MODEL = { LOCAL_MODEL_LATENCY_MS: "120", LOCAL_MODEL_TOKEN_DELAY_MS: "6", LOG_LEVEL: "error" };
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "stack-data-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function stackOn(dataDir: string, onBackendRestart?: (signal: string) => void): Promise<LocalStack> {
  const stack = await startLocalStack({
    quiet: true,
    dataDir,
    env: { ...process.env, ...FAST_MODEL },
    ...(onBackendRestart ? { onBackendRestart: (code, signal) => onBackendRestart(signal ?? `exit ${code}`) } : {}),
  });
  cleanups.push(() => stack.stop());
  return stack;
}

function buyerOn(url: string, token: string): ConvexHttpClient {
  const buyer = new ConvexHttpClient(url, { skipConvexDeploymentUrlCheck: true, logger: false });
  buyer.setAuth(token);
  return buyer;
}

/** A quote a few turns into its negotiations, and the complete messages its buyer has read so far. */
async function quoteInFlight(stack: LocalStack) {
  const token = await signUp(stack.convexUrl, "ada@example.com");
  const buyer = buyerOn(stack.convexUrl, token);
  const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...validQuote, maxRounds: 4 });
  const seen = await until(
    "the first turns",
    () => finalMessagesOf(buyer, quoteId),
    (m) => m.length >= 3,
  );
  return { token, quoteId, seen };
}

describe("npm start with a data folder", () => {
  it("stopped and started again: the buyer signs in with the same password, and the quote in flight completes", async () => {
    const dataDir = dataFolder();
    const first = await stackOn(dataDir);
    const { quoteId, seen } = await quoteInFlight(first);
    await first.stop();

    const second = await stackOn(dataDir);
    const signedIn = await new ConvexHttpClient(second.convexUrl, {
      skipConvexDeploymentUrlCheck: true,
      logger: false,
    }).action(api.auth.signIn, {
      provider: "password",
      params: { email: "ada@example.com", password: TEST_PASSWORD, flow: "signIn" },
    });
    const buyer = buyerOn(second.convexUrl, signedIn.tokens!.token);
    expect((await buyer.query(api.quotes.listMine, {})).map((q) => q._id)).toEqual([quoteId]);
    await expectCompletedKeeping(buyer, quoteId, seen);
  }, 420_000);

  it("its backend killed (SIGKILL) mid-run: started again on its data, nothing it answered is lost or doubled", async () => {
    const restarts: string[] = [];
    const stack = await stackOn(dataFolder(), (signal) => restarts.push(signal));
    const { token, quoteId, seen } = await quoteInFlight(stack);
    const killed = stack.backendPid()!;
    process.kill(killed, "SIGKILL");
    await until(
      "the backend to be started again",
      async () => stack.backendPid(),
      (pid) => pid !== killed,
    );
    await until(
      "the backend to answer again",
      () =>
        fetch(`${stack.convexUrl}/.well-known/jwks.json`).then(
          (r) => r.ok,
          () => false,
        ),
      (answers) => answers,
    );

    // Same port, same keys: the session from before the kill is still good.
    await expectCompletedKeeping(buyerOn(stack.convexUrl, token), quoteId, seen);
    expect(restarts).toEqual(["SIGKILL"]);
  }, 420_000);
});

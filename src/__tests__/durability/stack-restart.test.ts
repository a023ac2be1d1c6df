import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { startLocalStack, type LocalStack } from "../../stack/start-stack";
import { signUp } from "../helpers/sign-up";
import { validQuote } from "../server/harness";
import { expectContiguous, finalMessagesOf, until } from "./quote-watch";

/*
 * `npm start` used to stop altogether (exit 1, every quote lost) when its Mastra server died. Now
 * the stack starts it again, on the same port and store, and the quote it was negotiating goes on.
 */

let stack: LocalStack;
const restarts: string[] = [];

beforeAll(async () => {
  stack = await startLocalStack({
    quiet: true,
    env: { ...process.env, LOCAL_MODEL_LATENCY_MS: "120", LOCAL_MODEL_TOKEN_DELAY_MS: "6", LOG_LEVEL: "error" },
    onMastraRestart: (code, signal) => restarts.push(signal ?? `exit ${code}`),
  });
}, 180_000);
afterAll(() => stack?.stop());

describe("npm start, when its Mastra server is killed mid-quote", () => {
  it("starts it again, and the quote it was negotiating completes with every message once", async () => {
    const buyer = new ConvexHttpClient(stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
    buyer.setAuth(await signUp(stack.convexUrl, "ada@example.com"));
    const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...validQuote, maxRounds: 4 });
    const finalMessages = () => finalMessagesOf(buyer, quoteId);
    await until("the first turns", finalMessages, (messages) => messages.length >= 3);
    const killed = stack.mastraPid()!;
    process.kill(killed, "SIGKILL");
    const atCrash = await finalMessages();

    await until(
      "the Mastra server to be started again",
      async () => stack.mastraPid(),
      (pid) => pid !== killed,
    );
    const quote = await until(
      "the quote to complete",
      () => buyer.query(api.quotes.get, { quoteId }),
      (q) => q?.status !== "negotiating",
    );
    expect(restarts).toEqual(["SIGKILL"]);
    expect(quote?.status).toBe("completed");
    expect(quote?.recommendation).toBeDefined();
    const after = await finalMessages();
    for (const message of atCrash) expect(after.find((m) => m._id === message._id)?.content).toBe(message.content);
    await expectContiguous(buyer, quoteId);
  }, 300_000);
});

import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { startLocalStack, type LocalStack } from "../../stack/start-stack";
import { signUp } from "../helpers/sign-up";
import { validQuote } from "../server/harness";

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

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("npm start, when its Mastra server is killed mid-quote", () => {
  it("starts it again, and the quote it was negotiating completes with every message once", async () => {
    const buyer = new ConvexHttpClient(stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
    buyer.setAuth(await signUp(stack.convexUrl, "ada@example.com"));
    const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...validQuote, maxRounds: 4 });
    const finalMessages = async () => {
      const negotiations = await buyer.query(api.negotiations.listByQuote, { quoteId });
      const all = await Promise.all(
        negotiations.map((n) => buyer.query(api.negotiations.listMessages, { negotiationId: n._id })),
      );
      return all.flat().filter((m) => !m.isPartial);
    };
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
    for (const negotiation of await buyer.query(api.negotiations.listByQuote, { quoteId })) {
      const messages = await buyer.query(api.negotiations.listMessages, { negotiationId: negotiation._id });
      expect(messages.map((m) => m.sequence)).toEqual(messages.map((_, index) => index));
      expect(messages.every((m) => !m.isPartial)).toBe(true);
    }
  }, 240_000);
});

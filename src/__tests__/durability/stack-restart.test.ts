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

describe("npm start, when its Mastra server is killed", () => {
  it("mid-quote: starts it again, and the quote it was negotiating completes with every message once", async () => {
    const buyer = new ConvexHttpClient(stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
    buyer.setAuth(await signUp(stack.convexUrl, "ada@example.com"));
    const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...validQuote, maxRounds: 4 });
    const finalMessages = () => finalMessagesOf(buyer, quoteId);
    await until("the first turns", finalMessages, (messages) => messages.length >= 3);
    const restartsBefore = restarts.length;
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
    expect(restarts.slice(restartsBefore)).toEqual(["SIGKILL"]);
    expect(quote?.status).toBe("completed");
    expect(quote?.recommendation).toBeDefined();
    const after = await finalMessages();
    for (const message of atCrash) expect(after.find((m) => m._id === message._id)?.content).toBe(message.content);
    await expectContiguous(buyer, quoteId);
  }, 300_000);

  it("while a run waits for the buyer: after the restart, the award still closes every negotiation", async () => {
    const buyer = new ConvexHttpClient(stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
    buyer.setAuth(await signUp(stack.convexUrl, "grace@example.com"));
    const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...validQuote, maxRounds: 4 });
    const waiting = await until(
      "the deals to wait for the buyer",
      () => buyer.query(api.quotes.get, { quoteId }),
      (q) => q?.status !== "negotiating" && q?.status !== "starting" && q?.status !== "pending",
    );
    const recommendedId = waiting?.recommendation?.recommendedNegotiationId;
    expect(waiting?.status).toBe("completed");
    expect(recommendedId).toBeDefined();
    const restartsBefore = restarts.length;
    const killed = stack.mastraPid()!;
    process.kill(killed, "SIGKILL");
    await until(
      "the Mastra server to be started again",
      async () => stack.mastraPid(),
      (pid) => pid !== killed,
    );

    await buyer.mutation(api.decisions.decide, {
      quoteId,
      decision: { kind: "award", negotiationId: recommendedId! },
    });
    const decided = await until(
      "the decision to reach the run",
      () => buyer.query(api.quotes.get, { quoteId }),
      (q) => q?.decisionDelivery?.state !== "sending",
    );
    expect(decided?.decisionDelivery?.state).toBe("sent");
    // Every deal gets its closing message, complete, in the place the decision kept for it.
    const negotiations = await buyer.query(api.negotiations.listByQuote, { quoteId });
    const deals = negotiations.filter((n) => n.closingSequence !== undefined);
    expect(deals.map((n) => n.status).sort()).toEqual(
      ["awarded", ...Array<string>(deals.length - 1).fill("declined")].sort(),
    );
    for (const deal of deals) {
      const closing = await until(
        `${deal.supplierName}'s closing message`,
        () => buyer.query(api.negotiations.listMessages, { negotiationId: deal._id }),
        (messages) => messages.some((m) => m.sequence === deal.closingSequence && !m.isPartial),
      );
      const text = closing.find((m) => m.sequence === deal.closingSequence)?.content ?? "";
      expect(text).toMatch(deal._id === recommendedId ? /approved your offer/ : /not to go ahead|elsewhere this time/);
    }
    expect(restarts.slice(restartsBefore)).toEqual(["SIGKILL"]);
    await expectContiguous(buyer, quoteId);
  }, 300_000);
});

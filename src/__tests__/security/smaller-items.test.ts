// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { fakeMastra } from "../server/fakeMastra";
import {
  configureDeployment,
  createQuote,
  newBackend,
  runScheduledWithin,
  type Backend,
  useFakeDeployment,
  buyer,
} from "../server/harness";

/*
 * The smaller items: a whitespace-only secret counted as configured; cancelling a quote while it is
 * "starting" left a created run that was never started (the sequence bound on messages is in
 * bounds-and-rate-limit.test.ts).
 */

useFakeDeployment();

let t: Backend;
beforeEach(() => {
  t = newBackend();
});

const quoteOf = (quoteId: Id<"quotes">) => buyer(t, "alice").query(api.quotes.get, { quoteId });

describe("MASTRA_AUTH_SECRET on the Convex deployment", () => {
  test.each([
    ["whitespace only", "   \t  ", /MASTRA_AUTH_SECRET is not set on this Convex deployment/],
    ["too short to be a secret", "hunter2", /MASTRA_AUTH_SECRET must be at least 32 characters/],
  ])("%s counts as not configured: no request is made and the quote says what to set", async (_name, value, reason) => {
    configureDeployment({ MASTRA_AUTH_SECRET: value });
    const mastra = fakeMastra();
    const { quoteId } = await createQuote(t);
    await runScheduledWithin(t, 10_000);
    expect(mastra.requests).toEqual([]);
    const quote = await quoteOf(quoteId);
    expect(quote?.status).toBe("failed");
    expect(quote?.error).toMatch(reason);
  });

  test("the quote page never shows the hash of its run's write token", async () => {
    fakeMastra();
    const { quoteId } = await createQuote(t);
    await runScheduledWithin(t, 10_000);
    const quote = await quoteOf(quoteId);
    expect(quote?.status).toBe("negotiating");
    expect(quote).not.toHaveProperty("writeTokenHash");
    const listed = await buyer(t, "alice").query(api.quotes.listMine, {});
    expect(listed[0]).not.toHaveProperty("writeTokenHash");
  });
});

describe("cancelling while the quote is 'starting'", () => {
  test("a run created meanwhile is cancelled at once, never started, and never becomes the quote's run", async () => {
    let quoteId: Id<"quotes"> | undefined;
    const mastra = fakeMastra({}, async (route) => {
      if (route === "create-run") await buyer(t, "alice").mutation(api.quotes.cancel, { quoteId: quoteId! });
    });
    ({ quoteId } = await createQuote(t));
    await runScheduledWithin(t, 10_000);
    expect(mastra.calls()).toEqual(["POST create-run", "POST cancel"]);
    const stored = await t.run(async (ctx) => ctx.db.get(quoteId!));
    expect(stored?.status).toBe("cancelled");
    expect(stored?.workflowRunId).toBeUndefined();
  });
});

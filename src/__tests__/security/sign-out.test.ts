import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { describe, expect, it } from "vitest";
import { api } from "../../server/_generated/api";
import type { Doc } from "../../server/_generated/dataModel";
import { useDeploymentsWithoutMastra } from "../helpers/deployment-without-mastra";
import { TEST_PASSWORD, signUp } from "../helpers/sign-up";
import { validQuote } from "../server/harness";

/*
 * Attack: "sign-out does not sign out": a session token kept after `signOut` still read and still
 * created quotes until it expired (an hour), because reads and writes took the user from the token
 * and never asked whether its session still existed. Through Convex's own clients, over HTTP and
 * over the sync protocol, against the local backend.
 */

const { deployment, afterTest } = useDeploymentsWithoutMastra();

function httpClient(url: string, token: string): ConvexHttpClient {
  const client = new ConvexHttpClient(url, { skipConvexDeploymentUrlCheck: true, logger: false });
  client.setAuth(token);
  return client;
}

describe("after signOut, the session's token opens nothing", () => {
  it("over HTTP: it reads no quote and creates none", async () => {
    const backend = await deployment();
    const token = await signUp(backend.url, "ada@example.com");
    const ada = httpClient(backend.url, token);
    const quoteId = await ada.mutation(api.quotes.create, validQuote);
    expect((await ada.query(api.quotes.listMine, {})).map((q) => q._id)).toEqual([quoteId]);

    await ada.action(api.auth.signOut, {});

    expect(await ada.query(api.quotes.listMine, {})).toEqual([]);
    expect(await ada.query(api.quotes.get, { quoteId })).toBeNull();
    await expect(ada.mutation(api.quotes.create, validQuote)).rejects.toThrow(/not authenticated/);
    await expect(ada.mutation(api.quotes.cancel, { quoteId })).rejects.toThrow(/not authenticated/);
    // Signing in again opens the same quotes under a new session.
    const again = httpClient(backend.url, await signInAgain(backend.url, "ada@example.com"));
    expect((await again.query(api.quotes.listMine, {})).map((q) => q._id)).toEqual([quoteId]);
  });

  it("over the sync protocol: a live query kept open empties the moment the session ends", async () => {
    const backend = await deployment();
    const token = await signUp(backend.url, "ada@example.com");
    await httpClient(backend.url, token).mutation(api.quotes.create, validQuote);
    const live = new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    afterTest(() => live.close());
    live.setAuth(async () => token);
    const seen: Doc<"quotes">[][] = [];
    live.onUpdate(api.quotes.listMine, {}, (quotes) => seen.push(quotes));
    await expect.poll(() => seen.at(-1)?.length, { timeout: 20_000 }).toBe(1);

    await httpClient(backend.url, token).action(api.auth.signOut, {});

    await expect.poll(() => seen.at(-1)?.length, { timeout: 20_000 }).toBe(0);
    await expect(live.mutation(api.quotes.create, validQuote)).rejects.toThrow(/not authenticated/);
  });
});

async function signInAgain(url: string, email: string): Promise<string> {
  const client = new ConvexHttpClient(url, { skipConvexDeploymentUrlCheck: true, logger: false });
  const result = await client.action(api.auth.signIn, {
    provider: "password",
    params: { email, password: TEST_PASSWORD, flow: "signIn" },
  });
  if (!result.tokens?.token) throw new Error("sign-in returned no token");
  return result.tokens.token;
}

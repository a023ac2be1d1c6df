import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { SignJWT, generateKeyPair } from "jose";
import { describe, expect, it, vi } from "vitest";
import { useDeploymentsWithoutMastra } from "../helpers/deployment-without-mastra";
import { api, internal } from "../../server/_generated/api";
import type { Doc } from "../../server/_generated/dataModel";
import { signUp } from "../helpers/sign-up";
import { validQuote } from "../server/harness";
import { WebSocket } from "ws";
import { convexToJson } from "convex/values";

/** The local backend against Convex's own clients: HTTP (ConvexHttpClient) and sync (ConvexClient). */

const { deployment, afterTest } = useDeploymentsWithoutMastra();

function socketClient(url: string, token?: string): ConvexClient {
  const client = new ConvexClient(url, { skipConvexDeploymentUrlCheck: true, logger: false });
  if (token) client.setAuth(async () => token);
  afterTest(() => client.close());
  return client;
}

/** Resolves with the first value of a live query that satisfies `accept`. */
function waitFor<T>(subscribe: (cb: (value: T) => void) => () => void, accept: (value: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("live query never reached the expected value")), 20_000);
    const stop = subscribe((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(value);
    });
  });
}

async function forgedToken(backendUrl: string, subject: string): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return await new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setSubject(subject)
    .setIssuer(backendUrl)
    .setAudience("convex")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(privateKey);
}

describe("local backend", () => {
  it("pushes a mutation made over HTTP to a live query on a WebSocket, scoped to the signed-in buyer", async () => {
    const backend = await deployment();
    const token = await signUp(backend.url, "ada@example.com");
    const live = socketClient(backend.url, token);
    const seen: Doc<"quotes">[][] = [];
    const initial = await waitFor<Doc<"quotes">[]>(
      (cb) => live.onUpdate(api.quotes.listMine, {}, (v) => (seen.push(v), cb(v))),
      () => true,
    );
    expect(initial).toEqual([]);

    const http = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    http.setAuth(token);
    const quoteId = await http.mutation(api.quotes.create, validQuote);
    // The scheduled start (a write convex-test makes by itself) reaches the subscriber too.
    const failed = await waitFor<Doc<"quotes">[]>(
      (cb) => live.onUpdate(api.quotes.listMine, {}, cb),
      (quotes) => quotes[0]?.status === "failed",
    );
    expect(failed.map((q) => q._id)).toEqual([quoteId]);
    expect(failed[0]?.error).toMatch(/could not be reached/);

    // Another buyer's socket sees nothing of it.
    const other = socketClient(backend.url, await signUp(backend.url, "bea@example.com"));
    expect(
      await waitFor(
        (cb) => other.onUpdate(api.quotes.listMine, {}, cb),
        () => true,
      ),
    ).toEqual([]);
  });

  it("runs mutations sent over the socket and resolves them once their write is visible", async () => {
    const backend = await deployment();
    const live = socketClient(backend.url, await signUp(backend.url, "ada@example.com"));
    const quoteId = await live.mutation(api.quotes.create, validQuote);
    await live.mutation(api.quotes.cancel, { quoteId });
    expect((await live.query(api.quotes.get, { quoteId }))?.status).toBe("cancelled");
    await expect(live.mutation(api.quotes.create, { ...validQuote, products: [] })).rejects.toThrow(/products/);
  });

  it("refuses a token it did not sign, over HTTP and over the socket", async () => {
    const backend = await deployment();
    const real = await signUp(backend.url, "ada@example.com");
    const subject = JSON.parse(Buffer.from(real.split(".")[1]!, "base64url").toString()).sub as string;
    const forged = await forgedToken(backend.url, subject);

    const http = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    http.setAuth(forged);
    await expect(http.query(api.quotes.listMine, {})).rejects.toThrow(/Could not verify token/);
    http.setAuth("not-a-jwt");
    await expect(http.query(api.quotes.listMine, {})).rejects.toThrow(/Could not verify token/);

    const live = new ConvexClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    afterTest(() => live.close());
    const authenticated = await new Promise<boolean>((resolve) => live.setAuth(async () => forged, resolve));
    expect(authenticated).toBe(false);
    await expect(live.mutation(api.quotes.create, validQuote)).rejects.toThrow(/not authenticated/);
  });

  it("serves Convex Auth's JWKS from the HTTP actions on the same port", async () => {
    const backend = await deployment();
    const response = await fetch(`${backend.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { keys: { use: string }[] }).keys[0]?.use).toBe("sig");
  });

  it("answers a mutation replayed after a reconnect from its first run instead of running it twice", async () => {
    const backend = await deployment();
    const token = await signUp(backend.url, "ada@example.com");
    const sessionId = "c0ffee00-0000-4000-8000-000000000000";
    const createOverSocket = async () => {
      const socket = new WebSocket(`${backend.url.replace("http", "ws")}/api/1.48.0/sync`);
      await new Promise((resolve) => socket.once("open", resolve));
      const answer = new Promise<{ result: string }>((resolve) =>
        socket.on("message", (data) => {
          const message = JSON.parse(String(data)) as { type: string; result: string };
          if (message.type === "MutationResponse") resolve(message);
        }),
      );
      const send = (message: object) => socket.send(JSON.stringify(message));
      send({ type: "Connect", sessionId, connectionCount: 0, lastCloseReason: null, clientTs: Date.now() });
      send({ type: "Authenticate", tokenType: "User", value: token, baseVersion: 0 });
      send({ type: "Mutation", requestId: 0, udfPath: "quotes:create", args: [convexToJson(validQuote)] });
      const { result } = await answer;
      socket.terminate();
      return result;
    };
    const first = await createOverSocket();
    const replayed = await createOverSocket();
    expect(replayed).toBe(first);
    const http = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    http.setAuth(token);
    expect((await http.query(api.quotes.listMine, {})).map((q) => q._id)).toEqual([first]);
  });

  it("re-runs after a write only the subscriptions that read a table it wrote", async () => {
    // No poll in the window: what reaches the subscriber comes from the writes alone.
    const backend = await deployment({ pollIntervalMs: 60_000 });
    const token = await signUp(backend.url, "ada@example.com");
    const live = socketClient(backend.url, token);
    const http = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    http.setAuth(token);
    // Both stay subscribed throughout; each wait reads their latest answers.
    let quotes: Doc<"quotes">[] = [];
    let suppliers: string[] = [];
    afterTest(live.onUpdate(api.quotes.listMine, {}, (list) => (quotes = list)));
    afterTest(live.onUpdate(api.suppliers.list, {}, (list) => (suppliers = list.map((s) => s.id))));
    const until = (met: () => boolean) => vi.waitFor(() => expect(met()).toBe(true), { timeout: 20_000 });

    // The first quote writes the built-in suppliers into their table: both subscriptions re-run.
    await until(() => suppliers.length === 3);
    const first = await http.mutation(api.quotes.create, validQuote);
    await until(() => quotes.length === 1);

    const supplierRuns = backend.stats.runsOf("suppliers:list");
    const quoteRuns = backend.stats.runsOf("quotes:listMine");
    for (let i = 0; i < 3; i++) await http.mutation(api.quotes.create, validQuote);
    await until(() => quotes.length === 4);
    expect(backend.stats.runsOf("quotes:listMine")).toBeGreaterThan(quoteRuns);
    expect(backend.stats.runsOf("suppliers:list")).toBe(supplierRuns);

    // A write no client made (an operator's) is noted too, and goes out with the next push.
    await backend.backend.mutation(internal.suppliers.retire, { id: "porto-knitworks" });
    await http.mutation(api.quotes.cancel, { quoteId: first });
    await until(() => suppliers.length === 2 && !suppliers.includes("porto-knitworks"));
    expect(backend.stats.runsOf("suppliers:list")).toBe(supplierRuns + 1);
  });
});

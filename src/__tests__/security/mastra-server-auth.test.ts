import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { serverAuthFromEnv, signDevToken, studioUrl } from "../../mastra/auth/server-auth";
import { createMastra } from "../../mastra/create-mastra";
import { randomHex32, sha256Hex, signJwt } from "../../shared/run-credentials";
import type { Id } from "../../server/_generated/dataModel";
import { startLocalBackend } from "../../dev-backend/local-backend";
import { startMastraHttpServer } from "../helpers/mastra-http-server";
import { AUTH_SECRET, newBackend, sampleTerms, type Backend } from "../server/harness";

/*
 * Attack: "the Mastra server takes unauthenticated run starts": a create-run + start naming another
 * buyer's quote and negotiation ids replaced that buyer's finished recommendation and transcript.
 * Replayed against the real REST API (the routes `mastra dev` serves) with auth on, the local Convex
 * backend behind it holding a finished quote.
 */

const WORKFLOW = "/api/workflows/negotiationWorkflow";
const RECOMMENDATION = {
  recommendedSupplierId: "apex-textiles",
  explanation: "We recommend Apex Textiles: $13,636.00 in total.",
  ranking: [],
};

let t: Backend;
let convex: Awaited<ReturnType<typeof startLocalBackend>>;
let server: Awaited<ReturnType<typeof startMastraHttpServer>>;
let transcripts: string;
let victim: { quoteId: Id<"quotes">; negotiationIds: Id<"negotiations">[] };

beforeEach(async () => {
  t = newBackend();
  convex = await startLocalBackend({ backend: t });
  transcripts = mkdtempSync(path.join(tmpdir(), "auth-transcripts-"));
  // Configured as in production: Convex is where runs write, once they hold a write grant.
  const mastra = createMastra(
    {
      model: { kind: "local", seed: 3, latencyMs: 2, tokenDelayMs: 0 },
      storageUrl: ":memory:",
      authSecret: AUTH_SECRET,
    },
    { CONVEX_URL: convex.url, TRANSCRIPT_DIR: transcripts, LOG_LEVEL: "silent" },
  );
  server = await startMastraHttpServer(mastra);
  victim = await finishedQuote(t);
});

afterEach(async () => {
  await server.close();
  await convex.close();
  vi.restoreAllMocks();
});

/** Alice's quote as it stands after her run: completed, 2,000 T-shirts, $13,636.00 recommended. */
async function finishedQuote(backend: Backend) {
  return await backend.run(async (ctx) => {
    const now = Date.now();
    const quoteId = await ctx.db.insert("quotes", {
      ownerId: "alice",
      products: [{ productId: "organic-tshirt", quantity: 2000, maxUnitPrice: 7 }],
      priorities: { price: 1, quality: 1, speed: 1, reliability: 1 },
      userNotes: "",
      supplierIds: ["apex-textiles"],
      maxRounds: 4,
      status: "completed",
      workflowRunId: "alice-run",
      writeTokenHash: "f".repeat(64),
      recommendation: RECOMMENDATION,
      createdAt: now,
      updatedAt: now,
    });
    const negotiationId = await ctx.db.insert("negotiations", {
      quoteId,
      supplierId: "apex-textiles",
      supplierName: "Apex Textiles",
      status: "completed",
      roundCount: 3,
      finalOffer: { ...sampleTerms, lines: [{ productId: "organic-tshirt", quantity: 2000, unitPrice: 6.818 }] },
      updatedAt: now,
    });
    return { quoteId, negotiationIds: [negotiationId] };
  });
}

async function victimState() {
  return await t.run(async (ctx) => ({
    quote: await ctx.db.get(victim.quoteId),
    negotiation: await ctx.db.get(victim.negotiationIds[0]!),
    messages: (await ctx.db.query("messages").collect()).length,
  }));
}

/** The attack's payload: Alice's ids with a 50-unit order. */
function attackInput() {
  return {
    inputData: {
      quoteId: victim.quoteId,
      userId: "mallory",
      products: [{ productId: "organic-tshirt", quantity: 50 }],
      priorities: { price: 1, quality: 0, speed: 0, reliability: 0 },
      supplierIds: ["apex-textiles"],
      negotiationIds: victim.negotiationIds,
      maxRounds: 2,
      award: "none",
    },
  };
}

function call(method: "GET" | "POST", route: string, authorization?: string, body?: unknown) {
  return fetch(`${server.url}${route}`, {
    method,
    headers: {
      ...(authorization === undefined ? {} : { authorization }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The replayed attack: create a run and start it on Alice's ids. Answers both statuses. */
async function createAndStart(authorization?: string, runId = "mallory-run", createWith = authorization) {
  const created = await call("POST", `${WORKFLOW}/create-run?runId=${runId}`, createWith, {});
  const started = await call("POST", `${WORKFLOW}/start?runId=${runId}`, authorization, attackInput());
  return { created: created.status, started: started.status };
}

async function waitForRun(runId: string, authorization: string): Promise<{ status: string; error?: unknown }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await call("GET", `${WORKFLOW}/runs/${runId}`, authorization);
    const body = (await response.json()) as { status: string; error?: unknown };
    if (!["running", "pending"].includes(body.status) || Date.now() > deadline) return body;
    await sleep(50);
  }
}

async function expectVictimUntouched(): Promise<void> {
  const state = await victimState();
  expect(state.quote).toMatchObject({ status: "completed", recommendation: RECOMMENDATION });
  expect(state.negotiation).toMatchObject({ status: "completed", roundCount: 3 });
  expect(state.negotiation?.finalOffer?.lines[0]?.quantity).toBe(2000);
  expect(state.messages).toBe(0);
}

const bearer = (token: string) => `Bearer ${token}`;

/** The token Convex signs for its other calls on a run (create, status, cancel). */
async function convexCallToken(runId: string): Promise<string> {
  return bearer(await signJwt({ sub: "convex", runId }, AUTH_SECRET, 60));
}

/** A start token as Convex signs one (grant and the digest of the body), for the attack's body. */
async function startToken(grant: Record<string, string>): Promise<string> {
  const inputDigest = await sha256Hex(JSON.stringify(attackInput()));
  return bearer(await signJwt({ ...grant, inputDigest }, AUTH_SECRET, 60));
}

describe("every API route refuses a caller without a valid credential", () => {
  it("health stays public", async () => {
    expect((await call("GET", "/health")).status).toBe(200);
  });

  it("no credential: create-run, start, run status, cancel and the agent list are 401; nothing runs", async () => {
    expect(await createAndStart()).toEqual({ created: 401, started: 401 });
    expect((await call("GET", `${WORKFLOW}/runs/mallory-run`)).status).toBe(401);
    expect((await call("POST", `${WORKFLOW}/runs/mallory-run/cancel`, undefined, {})).status).toBe(401);
    expect((await call("GET", "/api/agents")).status).toBe(401);
    await expectVictimUntouched();
    expect(convex.stats.http.requests).toBe(0);
  });

  it.each([
    ["signed with another secret", () => signJwt({ sub: "convex" }, "x".repeat(40), 60)],
    ["without exp (MastraJwtAuth alone would accept it forever)", () => unexpiringToken(AUTH_SECRET)],
    ["expired", () => signJwt({ sub: "convex" }, AUTH_SECRET, 60, Date.now() - 10 * 60_000)],
    ["a Convex token living an hour", () => signJwt({ sub: "convex" }, AUTH_SECRET, 3600)],
    ["an unknown subject", () => signJwt({ sub: "mallory" }, AUTH_SECRET, 60)],
    ["unsigned (alg none)", async () => `${b64({ alg: "none", typ: "JWT" })}.${b64(claims({ sub: "convex" }))}.`],
    ["the raw secret", async () => AUTH_SECRET],
  ])("a forged credential (%s) is refused", async (_name, forge) => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const token = await forge();
    expect(await createAndStart(bearer(token))).toEqual({ created: 401, started: 401 });
    expect((await call("GET", `${WORKFLOW}/runs/mallory-run?apiKey=${token}`)).status).toBe(401);
    await expectVictimUntouched();
    expect(convex.stats.http.requests).toBe(0);
  });
});

describe("a valid credential still cannot aim a run at a quote Convex did not start it for", () => {
  it("a developer's Studio token runs the workflow locally: a transcript, nothing written to Convex", async () => {
    const dev = bearer(await signDevToken(AUTH_SECRET));
    // A developer's runs have ids of Mastra's own kind (UUIDs), never a Convex quote's.
    expect(await createAndStart(dev)).toEqual({ created: 403, started: 403 });
    const runId = randomUUID();
    expect(await createAndStart(dev, runId)).toEqual({ created: 200, started: 200 });
    expect((await waitForRun(runId, dev)).status).toBe("success");
    await expectVictimUntouched();
    expect(convex.stats.http.requests).toBe(0);
    // It did negotiate, into a local transcript under the id it was given.
    const written = readdirSync(transcripts);
    expect(written).toEqual([`${victim.quoteId}.jsonl`]);
    expect(readFileSync(path.join(transcripts, written[0]!), "utf8")).toContain('"sender":"supplier"');
  });

  it("a Convex token granting another quote's run, with Alice's ids in the body: the run fails, Alice's quote is untouched", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const grant = { sub: "convex", quoteId: "some-other-quote", runId: "mallory-run", runNonce: randomHex32() };
    const token = await startToken(grant);
    expect(await createAndStart(token, "mallory-run", await convexCallToken("mallory-run"))).toEqual({
      created: 200,
      started: 200,
    });
    const run = await waitForRun("mallory-run", await convexCallToken("mallory-run"));
    expect(run.status).toBe("failed");
    expect(JSON.stringify(run.error)).toContain(`the input names quote ${victim.quoteId}`);
    await expectVictimUntouched();
    expect(convex.stats.executed).toBe(0);
  });

  it("a grant for another run id opens neither the creation nor the start of this run", async () => {
    const grant = { sub: "convex", quoteId: victim.quoteId, runId: "alice-run", runNonce: randomHex32() };
    expect(await createAndStart(await startToken(grant))).toEqual({ created: 403, started: 403 });
    await expectVictimUntouched();
    expect(convex.stats.executed).toBe(0);
  });

  it("the right quote and run with a guessed nonce: every write is refused by Convex", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    // As if someone held MASTRA_AUTH_SECRET itself: they still lack the nonce of Alice's run.
    const grant = { sub: "convex", quoteId: victim.quoteId, runId: "mallory-run", runNonce: randomHex32() };
    const token = await startToken(grant);
    expect(await createAndStart(token, "mallory-run", await convexCallToken("mallory-run"))).toEqual({
      created: 200,
      started: 200,
    });
    await waitForRun("mallory-run", await convexCallToken("mallory-run"));
    expect(convex.stats.executed).toBeGreaterThan(0);
    await expectVictimUntouched();
  });
});

describe("MASTRA_AUTH_SECRET on the Mastra server", () => {
  it("unset or whitespace only: a throwaway random secret, so the server is never open", () => {
    for (const value of [undefined, "", "   \t "]) {
      const auth = serverAuthFromEnv({ MASTRA_AUTH_SECRET: value });
      expect(auth.generated).toBe(true);
      expect(auth.secret).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(serverAuthFromEnv({}).secret).not.toBe(serverAuthFromEnv({}).secret);
  });

  it("too short to be a secret: the server refuses to start, saying why", () => {
    expect(() => serverAuthFromEnv({ MASTRA_AUTH_SECRET: "hunter2" })).toThrow(
      /MASTRA_AUTH_SECRET must be at least 32 characters/,
    );
  });

  it("set: used as given, surrounding whitespace ignored", () => {
    expect(serverAuthFromEnv({ MASTRA_AUTH_SECRET: ` ${AUTH_SECRET}\n` })).toEqual({
      secret: AUTH_SECRET,
      generated: false,
    });
  });
});

describe("npm run dev with no set-up", () => {
  it("the printed Studio link carries a working token", async () => {
    const token = await signDevToken(AUTH_SECRET);
    const link = new URL(studioUrl("http://localhost:4111", token));
    expect(link.searchParams.get("auth_header")).toBe(`Bearer ${token}`);
    expect((await call("GET", "/api/agents", link.searchParams.get("auth_header")!)).status).toBe(200);
  });
});

function claims(extra: Record<string, unknown>) {
  const iat = Math.floor(Date.now() / 1000);
  return { ...extra, iat, exp: iat + 60 };
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A correctly signed token with no `exp`, made by hand (signJwt always sets one). */
async function unexpiringToken(secret: string): Promise<string> {
  const { createHmac } = await import("node:crypto");
  const body = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub: "convex", iat: Math.floor(Date.now() / 1000) })}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

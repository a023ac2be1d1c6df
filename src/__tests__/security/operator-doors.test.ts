import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createHonoServer } from "@mastra/deployer/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signDevToken } from "../../mastra/auth/server-auth";
import { createMastra } from "../../mastra/create-mastra";
import { deriveWriteToken, randomHex32, sha256Hex, signJwt } from "../../shared/run-credentials";
import { startLocalBackend } from "../../dev-backend/local-backend";
import type { Id } from "../../server/_generated/dataModel";
import { startMastraHttpServer } from "../helpers/mastra-http-server";
import { BUILT_IN_SUPPLIERS } from "../../domain/suppliers";
import { AUTH_SECRET, createQuote, newBackend, userIdOf, validQuote, type Backend } from "../server/harness";

/*
 * Issue "Close the operator doors": a developer token re-ran, cancelled and read buyers' runs, a
 * start token could be replayed with another body, and a token was accepted in the URL. Replayed
 * against the real REST API with a run Convex started for a real quote, live in the local backend.
 */

const WORKFLOW = "/api/workflows/negotiationWorkflow";

let t: Backend;
let convex: Awaited<ReturnType<typeof startLocalBackend>>;
let mastra: ReturnType<typeof createMastra>;
let server: Awaited<ReturnType<typeof startMastraHttpServer>>;
let developer: string;
/** A file, so a second server can open the same store, as a server restarted after a crash does. */
const storageUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "doors-store-")), "mastra.db")}`;
/** Alice's quote, negotiating: its run (id = quote id) was started by Convex with a grant. */
let alice: { quoteId: Id<"quotes">; runId: string; startBody: string; startToken: string };

beforeAll(async () => {
  t = newBackend();
  convex = await startLocalBackend({ backend: t });
  mastra = createMastra(
    {
      // Slow enough that the run is still negotiating while every probe below is made.
      model: { kind: "local", seed: 5, latencyMs: 400, tokenDelayMs: 20 },
      storageUrl,
      authSecret: AUTH_SECRET,
    },
    { CONVEX_URL: convex.url, TRANSCRIPT_DIR: mkdtempSync(path.join(tmpdir(), "doors-")), LOG_LEVEL: "silent" },
  );
  server = await startMastraHttpServer(mastra);
  developer = bearer(await signDevToken(AUTH_SECRET));
  alice = await startAsConvex();
}, 150_000);

afterAll(async () => {
  await call("POST", `${WORKFLOW}/runs/${alice.runId}/cancel`, await convexToken(alice.runId), {});
  // Let the cancelled run flush its last writes before the backend goes away.
  for (let i = 0; i < 100 && (await runStatus()) === "running"; i++) await sleep(100);
  await server.close();
  await convex.close();
});

const bearer = (token: string) => `Bearer ${token}`;
const convexToken = async (runId: string) => bearer(await signJwt({ sub: "convex", runId }, AUTH_SECRET, 60));

function call(method: string, route: string, authorization?: string, body?: unknown) {
  return fetch(`${server.url}${route}`, {
    method,
    headers: {
      ...(authorization === undefined ? {} : { authorization }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

/** What `workflowTrigger.startWorkflowRun` does: create the run, grant it writes, start it with a bound token. */
async function startAsConvex() {
  // Written straight into the deployment, as `quotes.create` and `recordRunStarted` leave it: going
  // through `quotes.create` would also schedule its real start, which fails here (no MASTRA_URL)
  // and, on a loaded machine, could fail the quote after this set-up.
  const { quoteId, negotiationIds } = await negotiatingQuote();
  const runId: string = quoteId;
  const grant = { quoteId, runId, runNonce: randomHex32() };
  const writeTokenHash = await sha256Hex(await deriveWriteToken(AUTH_SECRET, grant));
  await t.run((ctx) => ctx.db.patch(quoteId, { writeTokenHash, workflowRunId: runId }));
  const created = await call("POST", `${WORKFLOW}/create-run?runId=${runId}`, await convexToken(runId), {});
  if (created.status !== 200) throw new Error(`create-run answered ${created.status}`);
  const quote = await t.run((ctx) => ctx.db.get(quoteId));
  const startBody = JSON.stringify({
    inputData: {
      quoteId,
      userId: quote!.ownerId,
      products: quote!.products,
      priorities: quote!.priorities,
      userNotes: quote!.userNotes,
      supplierIds: quote!.supplierIds,
      maxRounds: quote!.maxRounds,
      negotiationIds,
    },
  });
  const startToken = bearer(
    await signJwt({ sub: "convex", ...grant, inputDigest: await sha256Hex(startBody) }, AUTH_SECRET, 60),
  );
  const started = await call("POST", `${WORKFLOW}/start?runId=${runId}`, startToken, startBody);
  if (started.status !== 200) throw new Error(`start answered ${started.status}: ${await started.text()}`);
  // Negotiating, messages already in Convex: the probes below meet a live run.
  const deadline = Date.now() + 120_000;
  while ((await messagesOf(quoteId)) === 0) {
    if (Date.now() > deadline) throw new Error("Alice's run wrote no message within 120 s");
    await sleep(100);
  }
  return { quoteId, runId, startBody, startToken };
}

/** Alice's quote, negotiating with the three built-in suppliers over many rounds (a slow machine too must find it live). */
async function negotiatingQuote() {
  const ownerId = await userIdOf(t, "alice");
  return await t.run(async (ctx) => {
    const now = Date.now();
    const supplierIds = BUILT_IN_SUPPLIERS.map((s) => s.id);
    const quoteId = await ctx.db.insert("quotes", {
      ownerId,
      ...validQuote,
      supplierIds,
      maxRounds: 12,
      status: "negotiating",
      createdAt: now,
      updatedAt: now,
    });
    const negotiationIds = [];
    for (const supplier of BUILT_IN_SUPPLIERS) {
      negotiationIds.push(
        await ctx.db.insert("negotiations", {
          quoteId,
          supplierId: supplier.id,
          supplierName: supplier.name,
          status: "pending",
          roundCount: 0,
          updatedAt: now,
        }),
      );
    }
    return { quoteId, negotiationIds };
  });
}

async function messagesOf(quoteId: Id<"quotes">): Promise<number> {
  return await t.run(async (ctx) => {
    let count = 0;
    for (const n of await ctx.db
      .query("negotiations")
      .withIndex("by_quoteId_and_supplierId", (q) => q.eq("quoteId", quoteId))
      .collect()) {
      count += (
        await ctx.db
          .query("messages")
          .withIndex("by_negotiationId_and_sequence", (q) => q.eq("negotiationId", n._id))
          .collect()
      ).length;
    }
    return count;
  });
}

async function runStatus(): Promise<string> {
  const response = await call("GET", `${WORKFLOW}/runs/${alice.runId}`, await convexToken(alice.runId));
  return ((await response.json()) as { status: string }).status;
}

describe("a developer's token opens no run Convex started", () => {
  it("cannot read it, cancel it, restart it, resume it, time-travel it, step into it, watch it or start it", async () => {
    const id = alice.runId;
    const probes: Array<[string, string, unknown?]> = [
      ["GET", `${WORKFLOW}/runs/${id}`],
      ["POST", `${WORKFLOW}/runs/${id}/cancel`, {}],
      ["DELETE", `${WORKFLOW}/runs/${id}`],
      ["POST", `${WORKFLOW}/restart?runId=${id}`, {}],
      ["POST", `${WORKFLOW}/restart-async?runId=${id}`, {}],
      ["POST", `${WORKFLOW}/resume-async?runId=${id}`, { step: "run-negotiations", resumeData: {} }],
      ["POST", `${WORKFLOW}/resume?runId=${id}`, { step: "run-negotiations", resumeData: {} }],
      ["POST", `${WORKFLOW}/time-travel?runId=${id}`, { step: "run-negotiations" }],
      ["POST", `${WORKFLOW}/time-travel-async?runId=${id}`, { step: "run-negotiations" }],
      ["POST", `${WORKFLOW}/runs/${id}/steps/execute`, { stepId: "run-negotiations" }],
      ["POST", `${WORKFLOW}/observe?runId=${id}`, {}],
      ["POST", `${WORKFLOW}/stream?runId=${id}`, { inputData: {} }],
      ["POST", `${WORKFLOW}/start?runId=${id}`, JSON.parse(alice.startBody)],
      ["POST", `${WORKFLOW}/create-run?runId=${id}`, {}],
    ];
    for (const [method, route, body] of probes) {
      const response = await call(method, route, developer, body);
      expect(response.status, `${method} ${route}`).toBe(403);
    }
    expect(await runStatus()).toBe("running");
  });

  it("lists only its own runs: Convex's runs, with the buyer's notes and limits, are not among them", async () => {
    const created = await call("POST", `${WORKFLOW}/create-run`, developer, {});
    const { runId: localRun } = (await created.json()) as { runId: string };
    const listed = await call("GET", `${WORKFLOW}/runs`, developer);
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).toContain(localRun);
    expect(text).not.toContain(alice.runId);
    expect(text).not.toContain("Organic certification required");
  });

  it("restarting runs is no route's job: restart-all answers 403 to every kind of token, and nothing re-runs", async () => {
    const before = await messagesOf(alice.quoteId);
    const tokens = [developer, await convexToken(alice.runId), alice.startToken];
    for (const token of tokens) {
      for (const route of ["restart-all-active-workflow-runs", "restart-all-active-workflow-runs-async"]) {
        expect((await call("POST", `${WORKFLOW}/${route}`, token, {})).status).toBe(403);
      }
    }
    expect(await runStatus()).toBe("running");
    // The live run goes on writing its own messages once each: no second copy beside it.
    await expect.poll(() => messagesOf(alice.quoteId), { timeout: 30_000 }).toBeGreaterThan(before);
    const sequences = await t.run(async (ctx) =>
      (await ctx.db.query("messages").collect()).map((m) => `${m.negotiationId}#${m.sequence}`),
    );
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it("still runs the workflow locally from Studio, under a run id of Mastra's own", async () => {
    const created = await call("POST", `${WORKFLOW}/create-run`, developer, {});
    const { runId } = (await created.json()) as { runId: string };
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    const body = {
      inputData: { ...JSON.parse(alice.startBody).inputData, negotiationIds: undefined, quoteId: undefined },
    };
    expect((await call("POST", `${WORKFLOW}/start?runId=${runId}`, developer, body)).status).toBe(200);
    expect((await call("GET", `${WORKFLOW}/runs/${runId}`, developer)).status).toBe(200);
    expect((await call("POST", `${WORKFLOW}/runs/${runId}/cancel`, developer, {})).status).toBe(200);
  });
});

describe("a server restarted after a crash, on the same store", () => {
  it("re-runs nothing for any token: Convex's run, still 'running' in the store, stays untouched", async () => {
    // The server that comes back sees Alice's run as the store has it: running, grant included.
    const elsewhere = await startLocalBackend({ backend: newBackend() });
    const restarted = await startMastraHttpServer(
      createMastra(
        { model: { kind: "local", seed: 5, latencyMs: 0, tokenDelayMs: 0 }, storageUrl, authSecret: AUTH_SECRET },
        { CONVEX_URL: elsewhere.url, LOG_LEVEL: "silent" },
      ),
    );
    try {
      const routes = ["restart-all-active-workflow-runs", "restart-all-active-workflow-runs-async"];
      for (const token of [developer, await convexToken(alice.runId), alice.startToken]) {
        for (const route of routes) {
          const response = await fetch(`${restarted.url}${WORKFLOW}/${route}`, {
            method: "POST",
            headers: { authorization: token, "content-type": "application/json" },
            body: "{}",
          });
          expect(response.status).toBe(403);
        }
      }
      const restart = await fetch(`${restarted.url}${WORKFLOW}/restart?runId=${alice.runId}`, {
        method: "POST",
        headers: { authorization: developer, "content-type": "application/json" },
        body: "{}",
      });
      expect(restart.status).toBe(403);
      await sleep(500);
      expect(elsewhere.stats.http.requests).toBe(0);
    } finally {
      await restarted.close();
      await elsewhere.close();
    }
  });
});

describe("a start token starts its run once, with exactly the input Convex signed", () => {
  it("replayed with the same body: refused, the run is not started a second time", async () => {
    const before = await messagesOf(alice.quoteId);
    const replay = await call("POST", `${WORKFLOW}/start?runId=${alice.runId}`, alice.startToken, alice.startBody);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain("a run starts once");
    expect(await messagesOf(alice.quoteId)).toBeLessThanOrEqual(before + 6);
  });

  it("replayed with swapped suppliers and priorities: refused before anything runs", async () => {
    const swapped = JSON.parse(alice.startBody) as { inputData: Record<string, unknown> };
    swapped.inputData.priorities = { price: 0, quality: 0, speed: 0, reliability: 1 };
    swapped.inputData.supplierIds = ["anatolia-apparel", "porto-knitworks", "apex-textiles"];
    const replay = await call("POST", `${WORKFLOW}/start?runId=${alice.runId}`, alice.startToken, swapped);
    expect(replay.status).toBe(403);
    expect(await replay.text()).toContain("signed for another input");
  });

  it("on a fresh run of another quote, with the input re-signed by someone without the grant's run: refused", async () => {
    const other = await createQuote(t, "bob", { maxRounds: 1 });
    const otherRun: string = other.quoteId;
    expect(
      (await call("POST", `${WORKFLOW}/create-run?runId=${otherRun}`, await convexToken(otherRun), {})).status,
    ).toBe(200);
    // Alice's start token names Alice's run: it opens no other run's start.
    const aimed = await call("POST", `${WORKFLOW}/start?runId=${otherRun}`, alice.startToken, alice.startBody);
    expect(aimed.status).toBe(403);
    const status = await call("GET", `${WORKFLOW}/runs/${otherRun}`, await convexToken(otherRun));
    expect(((await status.json()) as { status: string }).status).toBe("pending");
  });
});

describe("Convex's own tokens open only the run they name", () => {
  it("a token for one run reads and cancels no other", async () => {
    const other = bearer(await signJwt({ sub: "convex", runId: "some-other-run" }, AUTH_SECRET, 60));
    expect((await call("GET", `${WORKFLOW}/runs/${alice.runId}`, other)).status).toBe(403);
    expect((await call("POST", `${WORKFLOW}/runs/${alice.runId}/cancel`, other, {})).status).toBe(403);
    // A token naming no run at all opens nothing.
    const bare = bearer(await signJwt({ sub: "convex" }, AUTH_SECRET, 60));
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await call("GET", `${WORKFLOW}/runs/${alice.runId}`, bare)).status).toBe(401);
    expect(await runStatus()).toBe("running");
  });

  it("Convex may ask for its own run again: a live run is not run a second time; no other token may ask", async () => {
    const route = `/negotiation-runs/${alice.runId}/resume`;
    const asked = await call("POST", route, await convexToken(alice.runId), {});
    expect(asked.status).toBe(200);
    expect(await asked.json()).toEqual({ state: "running" });
    expect((await call("POST", route, developer, {})).status).toBe(403);
    expect((await call("POST", route, await convexToken("some-other-run"), {})).status).toBe(403);
    expect((await call("POST", route, alice.startToken, {})).status).toBe(403);
    expect(await runStatus()).toBe("running");
  });

  it("only Convex hands a run the buyer's decision, in its signed claims: never the body, never another run", async () => {
    const route = `/negotiation-runs/${alice.runId}/decision`;
    const forged = { decision: "award", supplierId: "apex-textiles" };
    // A Convex token without a decision in its claims decides nothing, whatever the body says.
    const unsigned = await call("POST", route, await convexToken(alice.runId), forged);
    expect(unsigned.status).toBe(400);
    expect((await call("POST", route, developer, forged)).status).toBe(403);
    expect((await call("POST", route, alice.startToken, forged)).status).toBe(403);
    const otherRun = bearer(await signJwt({ sub: "convex", runId: "some-other-run", ...forged }, AUTH_SECRET, 60));
    expect((await call("POST", route, otherRun, forged)).status).toBe(403);
    // Alice's run is still negotiating: a decision for it now finds nothing waiting and changes nothing.
    const early = bearer(await signJwt({ sub: "convex", runId: alice.runId, ...forged }, AUTH_SECRET, 60));
    expect(await (await call("POST", route, early, {})).json()).toEqual({ state: "running" });
    expect(await runStatus()).toBe("running");
  });

  it("only Convex tells a run a supplier in person has had their turn; a run that is not waiting goes on as it was", async () => {
    const route = `/negotiation-runs/${alice.runId}/supplier-turn`;
    expect((await call("POST", route, developer, {})).status).toBe(403);
    expect((await call("POST", route, alice.startToken, {})).status).toBe(403);
    const otherRun = bearer(await signJwt({ sub: "convex", runId: "some-other-run" }, AUTH_SECRET, 60));
    expect((await call("POST", route, otherRun, {})).status).toBe(403);
    // Alice's run is negotiating, not waiting for anyone: nothing is resumed, nothing changes.
    expect(await (await call("POST", route, await convexToken(alice.runId), {})).json()).toEqual({ state: "running" });
    expect(await runStatus()).toBe("running");
  });

  it("a developer reads the supplier agent's page without any supplier's book on it", async () => {
    const page = await call("GET", "/api/agents/supplier-negotiator", developer);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("sales lead of Apex Textiles");
    for (const secret of ["never below", "floorRatio", "reservationSpread", "supplier-profile", "costs you"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("a token in the URL is refused, even a valid one", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const token = await signDevToken(AUTH_SECRET);
    expect((await call("GET", `/api/agents?apiKey=${token}`)).status).toBe(401);
    expect((await call("GET", "/api/agents", `Bearer ${token}`)).status).toBe(200);
  });
});

/**
 * Routes a developer's token may call. Every other route the server has, including any route a
 * later Mastra release adds, must answer 403 to it.
 */
const OPEN_TO_DEVELOPERS = new Set([
  "GET /api/agents",
  "GET /api/agents/providers",
  "GET /api/agents/:agentId",
  "POST /api/agents/:agentId/generate",
  "POST /api/agents/:agentId/stream",
  "GET /api/memory/status",
  "GET /api/memory/config",
  "GET /api/memory/threads",
  "POST /api/memory/threads",
  "GET /api/memory/threads/:threadId",
  "PATCH /api/memory/threads/:threadId",
  "DELETE /api/memory/threads/:threadId",
  "GET /api/memory/threads/:threadId/messages",
  "GET /api/workflows",
  "GET /api/workflows/:workflowId",
  "GET /api/workflows/:workflowId/runs",
  "GET /api/workflows/:workflowId/runs/:runId",
  "POST /api/workflows/:workflowId/create-run",
  "POST /api/workflows/:workflowId/start",
  "POST /api/workflows/:workflowId/start-async",
  "POST /api/workflows/:workflowId/stream",
  "POST /api/workflows/:workflowId/observe",
  "POST /api/workflows/:workflowId/resume",
  "POST /api/workflows/:workflowId/resume-async",
  "POST /api/workflows/:workflowId/resume-stream",
  "POST /api/workflows/:workflowId/runs/:runId/cancel",
  "GET /api/tools",
  "GET /api/system/packages",
]);

const OPEN_TO_CONVEX = new Set([
  "POST /negotiation-runs/:runId/resume",
  "POST /negotiation-runs/:runId/decision",
  "POST /negotiation-runs/:runId/supplier-turn",
  "POST /api/workflows/:workflowId/create-run",
  "GET /api/workflows/:workflowId/runs/:runId",
  "POST /api/workflows/:workflowId/runs/:runId/cancel",
]);

describe("the route table is closed by default", () => {
  it("every protected route the server has answers 403 to each kind of token it is not opened to", async () => {
    const app = await createHonoServer(mastra, { tools: {} });
    // Mastra's routes, and the project's own (outside /api).
    const routes = app.routes.filter(
      (r) => r.method !== "ALL" && (r.path.startsWith("/api/") || r.path.startsWith("/negotiation-runs/")),
    );
    expect(routes.map((r) => r.path)).toContain("/negotiation-runs/:runId/resume");
    expect(routes.length).toBeGreaterThan(200);
    const callers = {
      developer: { token: developer, open: OPEN_TO_DEVELOPERS },
      convex: { token: await convexToken(alice.runId), open: OPEN_TO_CONVEX },
      "convex start": { token: alice.startToken, open: new Set(["POST /api/workflows/:workflowId/start"]) },
    };
    let refused = 0;
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const concrete = route.path
        .replace(":workflowId", "negotiationWorkflow")
        .replace(":runId", alice.runId)
        .replace(/:[A-Za-z]+/g, "x")
        .replace("*", "x");
      const open = await app.request(concrete, { method: route.method });
      if (open.status !== 401) continue; // public by Mastra's own choice (its auth pages)
      for (const [kind, { token, open: opened }] of Object.entries(callers)) {
        if (opened.has(key)) continue;
        const response = await app.request(concrete, { method: route.method, headers: { authorization: token } });
        expect(response.status, `${kind}: ${key}`).toBe(403);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(600);
  }, 120_000);
});

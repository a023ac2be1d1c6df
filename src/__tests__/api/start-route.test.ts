import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_QUOTE } from "../../cli/sample-quote";
import { signDevToken } from "../../mastra/auth/server-auth";
import { createMastra } from "../../mastra/create-mastra";
import { startMastraHttpServer } from "../helpers/mastra-http-server";
import { AUTH_SECRET } from "../server/harness";

/*
 * Mastra's fire-and-forget `start` route, as a developer calls it over REST: a bad input is
 * answered at once, naming the field, instead of "Workflow run started" and a run that fails later.
 */

const WORKFLOW = "/api/workflows/negotiationWorkflow";
let server: Awaited<ReturnType<typeof startMastraHttpServer>>;
let authorization: string;

beforeAll(async () => {
  const mastra = createMastra(
    {
      model: { kind: "local", seed: 7, latencyMs: 0, tokenDelayMs: 0 },
      storageUrl: ":memory:",
      authSecret: AUTH_SECRET,
    },
    { TRANSCRIPT_DIR: mkdtempSync(path.join(tmpdir(), "start-route-")) },
  );
  server = await startMastraHttpServer(mastra);
  authorization = `Bearer ${await signDevToken(AUTH_SECRET)}`;
});
afterAll(() => server.close());

/** `auth: null` sends no credential at all. */
async function call(route: string, body?: unknown, auth: string | null = authorization) {
  const response = await fetch(`${server.url}${route}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function createRun(): Promise<string> {
  const { body } = await call(`${WORKFLOW}/create-run`, {});
  return body.runId as string;
}

describe("POST /api/workflows/negotiationWorkflow/start", () => {
  it("answers 400 naming every bad field, and starts nothing", async () => {
    const runId = await createRun();
    const bad = { ...SAMPLE_QUOTE, products: [{ productId: "canvas-tote", quantity: 0 }], supplierIds: ["acme-mills"] };
    const started = await call(`${WORKFLOW}/start?runId=${runId}`, { inputData: bad });
    expect(started.status).toBe(400);
    expect(started.body.error).toContain("products[0].quantity: quantity must be greater than 0");
    expect(started.body.error).toContain('supplierIds[0]: unknown supplier "acme-mills"');
    const run = await call(`${WORKFLOW}/runs/${runId}`);
    expect(run.body.status).not.toBe("running");
    expect(run.body.result).toBeUndefined();
  });

  it("starts a valid run as before, which then negotiates to a recommendation and waits for the buyer", async () => {
    const runId = await createRun();
    const started = await call(`${WORKFLOW}/start?runId=${runId}`, { inputData: { ...SAMPLE_QUOTE, maxRounds: 2 } });
    expect(started.status).toBe(200);
    await expect
      .poll(async () => (await call(`${WORKFLOW}/runs/${runId}`)).body.status, { timeout: 60_000, interval: 200 })
      .toBe("suspended");
  });

  it.each([
    ["no credential", null],
    ["a forged token", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.forged"],
  ])("tells a caller with %s nothing about the input: 401 first", async (_label, auth) => {
    const runId = await createRun();
    const started = await call(`${WORKFLOW}/start?runId=${runId}`, { inputData: { products: [] } }, auth);
    expect(started.status).toBe(401);
    expect(JSON.stringify(started.body)).not.toContain("products");
  });
});

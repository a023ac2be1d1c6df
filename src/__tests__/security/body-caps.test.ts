import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMastra } from "../../mastra/create-mastra";
import { startLocalBackend } from "../../dev-backend/local-backend";
import { MAX_REQUEST_BODY_BYTES } from "../../dev-backend/request-body";
import { startMastraHttpServer } from "../helpers/mastra-http-server";
import { AUTH_SECRET, newBackend } from "../server/harness";

/*
 * Attack: "no size limit before auth": a 150 MB unauthenticated POST took the local backend from
 * 149 to 586 MB and the Mastra server from 431 to 1,158 MB before the 413 came. Both servers run
 * in this process here, so this process's memory is theirs.
 */

const MB = 1024 * 1024;
const ATTACK_BYTES = 150 * MB;

let mastra: Awaited<ReturnType<typeof startMastraHttpServer>>;
let convex: Awaited<ReturnType<typeof startLocalBackend>>;

beforeAll(async () => {
  mastra = await startMastraHttpServer(
    createMastra({
      model: { kind: "local", seed: 1, latencyMs: 0, tokenDelayMs: 0 },
      storageUrl: ":memory:",
      authSecret: AUTH_SECRET,
    }),
  );
  convex = await startLocalBackend({ backend: newBackend() });
});
afterAll(async () => {
  await mastra.close();
  await convex.close();
});

/**
 * POSTs `total` bytes, without a credential, one reused megabyte at a time and only as fast as the
 * server takes them, so the sender holds no more than that megabyte. Declares the length unless
 * `chunked`. Answers the status the server gave (or "closed" if it hung up without one).
 */
function flood(url: string, path: string, total: number, chunked = false): Promise<number | "closed"> {
  const chunk = Buffer.alloc(MB, 0x7b);
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(chunked ? {} : { "content-length": String(total) }) },
    });
    let settled = false;
    const settle = (outcome: number | "closed") => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(outcome);
    };
    req.on("response", (response) => settle(response.statusCode ?? "closed"));
    req.on("error", () => settle("closed"));
    let sent = 0;
    const pump = () => {
      while (!settled && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!settled) req.end();
    };
    pump();
  });
}

async function rssAfter(send: () => Promise<unknown>): Promise<number> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  await send();
  return process.memoryUsage().rss - before;
}

describe.each([
  ["the Mastra server", () => mastra.url, "/api/workflows/negotiationWorkflow/start?runId=x"],
  ["the local Convex backend", () => convex.url, "/api/mutation"],
])("%s refuses an oversized body before reading it or checking who sends it", (_name, url, path) => {
  it("150 MB declared: 413 at once, memory within 50 MB of where it was", async () => {
    const grown = await rssAfter(async () => expect(await flood(url(), path, ATTACK_BYTES)).toBe(413));
    expect(grown).toBeLessThan(50 * MB);
  });

  it("150 MB of undeclared length (chunked): 411, memory within 50 MB", async () => {
    const grown = await rssAfter(async () => expect(await flood(url(), path, ATTACK_BYTES, true)).toBe(411));
    expect(grown).toBeLessThan(50 * MB);
  });

  it("a body just over the cap is refused; one within it is let through to the credential check", async () => {
    expect(await flood(url(), path, MAX_REQUEST_BODY_BYTES + 1)).toBe(413);
    const within = await fetch(`${url()}${path}`, {
      method: "POST",
      headers: { authorization: "Bearer forged", "content-type": "application/json" },
      body: JSON.stringify({ pad: "x".repeat(MAX_REQUEST_BODY_BYTES - 100) }),
    });
    expect(within.status).toBe(401);
  });
});

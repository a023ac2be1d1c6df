import { mastraProcessEnv } from "../helpers/mastra-process-env";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { freePort } from "../../stack/free-port";
import { startMastraProcess } from "../../stack/start-stack";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { startDeploymentWithoutMastra } from "../helpers/deployment-without-mastra";
import { signUp } from "../helpers/sign-up";
import { validQuote } from "../server/harness";
import { expectCompletedKeeping, finalMessagesOf, until } from "./quote-watch";

/*
 * A Mastra server killed (SIGKILL) in the middle of a quote, then started again on the same store,
 * and killed and started once more: each time it resumes the run by itself, each negotiation from
 * its last complete turn, and the quote completes. Real processes: `npm start`'s Mastra server as a child, the local Convex backend here,
 * and between them a recorder of every write the server sends.
 */

const SECRET = "crash-test-secret-crash-test-secret-0123";
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

interface RecordedWrite {
  path: string;
  negotiationId?: string;
  sequence?: number;
  isPartial?: boolean;
  /** Which life of the Mastra server sent it. */
  life: number;
}

/** Forwards every request to the backend, recording the message writes it carries. */
async function writeRecorder(backendUrl: string, life: () => number) {
  const writes: RecordedWrite[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      if (req.url === "/api/mutation") {
        const call = JSON.parse(body) as { path: string; args: Array<Record<string, unknown>> };
        const args = call.args[0] ?? {};
        writes.push({
          path: call.path,
          life: life(),
          ...(typeof args.negotiationId === "string" ? { negotiationId: args.negotiationId } : {}),
          ...(typeof args.sequence === "number" ? { sequence: args.sequence } : {}),
          ...(typeof args.isPartial === "boolean" ? { isPartial: args.isPartial } : {}),
        });
      }
      fetch(`${backendUrl}${req.url}`, {
        method: req.method ?? "POST",
        headers: {
          "content-type": "application/json",
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        },
        ...(req.method === "GET" ? {} : { body }),
      })
        .then(async (response) => {
          res.writeHead(response.status, { "content-type": "application/json" });
          res.end(await response.text());
        })
        .catch(() => res.destroy());
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { url: `http://127.0.0.1:${port}`, writes };
}

async function startMastraServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const { child } = await startMastraProcess(env);
  cleanups.push(() => void child.kill("SIGKILL"));
  return child;
}

describe("a Mastra server killed mid-negotiation", () => {
  it("comes back, resumes every negotiation from its last complete turn, and the quote completes; twice in one run", async () => {
    const backend = await startDeploymentWithoutMastra();
    cleanups.push(backend.close);
    const mastraPort = await freePort();
    vi.stubEnv("MASTRA_AUTH_SECRET", SECRET);
    vi.stubEnv("MASTRA_URL", `http://127.0.0.1:${mastraPort}`);
    let life = 1;
    const recorder = await writeRecorder(backend.url, () => life);
    const store = mkdtempSync(path.join(tmpdir(), "crash-"));
    const env = mastraProcessEnv({
      convexUrl: recorder.url,
      secret: SECRET,
      port: mastraPort,
      store,
      localModel: { latencyMs: 120, tokenDelayMs: 6 },
    });
    let server = await startMastraServer(env);

    const buyer = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    buyer.setAuth(await signUp(backend.url, "ada@example.com"));
    const quoteId: Id<"quotes"> = await buyer.mutation(api.quotes.create, { ...validQuote, maxRounds: 4 });
    const finalMessages = () => finalMessagesOf(buyer, quoteId);
    const negotiationIds = (await buyer.query(api.negotiations.listByQuote, { quoteId })).map((n) => n._id);
    // Two crashes: a few turns in, and again once the second life has written a few of its own.
    const crashes: Array<Awaited<ReturnType<typeof finalMessages>>> = [];
    for (const finalsBeforeKill of [4, 9]) {
      await until("turns before the kill", finalMessages, (messages) => messages.length >= finalsBeforeKill);
      server.kill("SIGKILL");
      await new Promise((resolve) => server.once("exit", resolve));
      crashes.push(await finalMessages());
      life++;
      server = await startMastraServer(env);
    }

    // Completed, contiguous by sequence in every negotiation, none left partial, every one ended.
    await expectCompletedKeeping(buyer, quoteId, crashes.flat());
    const after = await finalMessages();
    const negotiations = await buyer.query(api.negotiations.listByQuote, { quoteId });
    for (const negotiation of negotiations) expect(["completed", "impasse"]).toContain(negotiation.status);
    for (const [index, atCrash] of crashes.entries()) {
      const nextLife = index + 2;
      // No final message was rewritten, and none was written again by a server that came back.
      for (const message of atCrash) expect(after.find((m) => m._id === message._id)?.content).toBe(message.content);
      const finalAtCrash = new Set(atCrash.map((m) => `${m.negotiationId}#${m.sequence}`));
      const rewritten = recorder.writes.filter(
        (w) => w.life >= nextLife && w.isPartial !== true && finalAtCrash.has(`${w.negotiationId}#${w.sequence}`),
      );
      expect(rewritten).toEqual([]);
      // At most the turn in flight was redone: each life starts each negotiation right after its last final message.
      for (const negotiationId of negotiationIds) {
        const done = atCrash.filter((m) => m.negotiationId === negotiationId).length;
        const firstAgain = recorder.writes.find(
          (w) => w.life === nextLife && w.negotiationId === negotiationId && w.sequence !== undefined,
        );
        if (firstAgain) expect(firstAgain.sequence).toBe(done);
      }
    }
    // The second kill came after the second life had moved on: it really was a second crash mid-run.
    expect(crashes[1]!.length).toBeGreaterThan(crashes[0]!.length);
    expect(crashes[1]!.length).toBeLessThan(after.length);
  }, 300_000);
});

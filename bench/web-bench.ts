import { freePort } from "../src/stack/free-port";
import path from "node:path";
import { createServer as createViteServer } from "vite";
import { startLocalBackend } from "../src/dev-backend/local-backend";
import { FaultyNetwork } from "../src/__tests__/helpers/faults";
import { createMastra } from "../src/mastra/create-mastra";
import type { MessageDelta, NegotiationMessage } from "../src/mastra/negotiation/negotiation-types";
import { projectRoot } from "../src/shared/project-paths";
import { MessagePersister } from "../src/mastra/storage/message-persister";
import { fanOut, type NegotiationSink } from "../src/mastra/storage/negotiation-sink";
import { startMastraHttpServer } from "../src/stack/mastra-http-server";
import { buildStackEnv } from "../src/stack/stack-env";
import { signedUpBuyer, submitSampleQuote } from "../src/__tests__/web/buyer-session";
import { browserSkipReason, launchChromium } from "../src/__tests__/web/chromium";
import { readRecord } from "../src/__tests__/web/page-recorder";
import { percentile, WriteMeter, type WriteFigures } from "./write-meter";
import { chunkTimes, lagOverWholeMessages, textJumps, type GeneratedStep } from "./visible-text";

export interface WebReport {
  roundTripMs: number;
  finals: number;
  /** Engine emits a final message → the page shows its final text (ms). */
  finalDelay: { p50: number; p95: number };
  /** A partial text the page shows → how long before that much had been generated (ms). */
  partialLag: { p50: number; p95: number; samples: number };
  /** Same, in characters: how far the generated text was ahead when the page showed a partial state. */
  partialLagChars: { p50: number; p95: number };
  /** Issue 19: generated → visible over every state the page showed, start to end (partial and final). */
  wholeLag: { p50: number; p95: number; samples: number };
  /** The largest step by which a message's visible text grew, and how many steps exceeded 60 characters. */
  jumps: { max: number; over60: number; steps: number };
  writes: WriteFigures;
  /** Where a chunk's time goes: the write to Convex, then the push to the page. */
  chunkTimes: ReturnType<typeof chunkTimes>;
}

/**
 * One quote in Chromium against the local stack, wired in-process here (unlike `npm start`) so the
 * engine's own timestamps can be compared with what the page shows. Persistence, the backend and
 * the socket to the page all pay the simulated round trip.
 */
export async function benchWeb(
  roundTripMs: number,
  model: { latencyMs: number; tokenDelayMs: number },
): Promise<WebReport | string> {
  const skip = browserSkipReason();
  if (skip) return skip;
  const ports = { convex: await freePort(), mastra: await freePort(), web: await freePort() };
  const env = await buildStackEnv(ports);
  // This process is the deployment: the Convex functions read its env.
  Object.assign(process.env, env.backend);

  const finals = new Map<string, number>();
  const generated = new Map<string, GeneratedStep[]>();
  const meter = new WriteMeter();
  const supplierOf = new Map<string, string>();
  const key = (m: { supplierId: string; sequence: number }) => `${m.supplierId}#${m.sequence}`;
  const seenKey = (t: { supplier: string; sequence: number }) => `${t.supplier}#${t.sequence}`;
  const recorder = {
    onMessageDelta: (d: MessageDelta) => {
      supplierOf.set(d.negotiationId, d.supplierId);
      const list = generated.get(key(d)) ?? [];
      list.push({ at: Date.now(), length: d.text.length });
      generated.set(key(d), list);
    },
    onMessage: (m: NegotiationMessage) => {
      finals.set(key(m), Date.now());
      // The final text counts as generated now, in case it carries words no delta did.
      const list = generated.get(key(m)) ?? [];
      list.push({ at: Date.now(), length: m.content.length });
      generated.set(key(m), list);
    },
    onStatusChange() {},
    onOfferReceived() {},
  };

  const backend = await startLocalBackend({ port: ports.convex, conditions: new FaultyNetwork({ roundTripMs }) });
  const mastra = createMastra(
    {
      model: { kind: "local", seed: 7, ...model },
      storageUrl: ":memory:",
      authSecret: env.mastra.MASTRA_AUTH_SECRET,
      createSink: (target): NegotiationSink => {
        // Only a run the backend started (its signed grant gives it a write token) writes to Convex.
        if (target.writeToken === undefined) throw new Error(`run for ${target.quoteId} has no write token`);
        const persister = new MessagePersister({
          convexUrl: backend.url,
          writeToken: target.writeToken,
          fetch: meter.fetch(),
        });
        return {
          ...fanOut(recorder, meter.callbacks, persister),
          recordRecommendation: (quoteId, r) => persister.recordRecommendation(quoteId, r),
          recordFailure: (quoteId, reason) => persister.recordFailure(quoteId, reason),
          flush: () => persister.flush(),
        };
      },
    },
    env.mastra,
  );
  const mastraServer = await startMastraHttpServer(mastra, { port: ports.mastra });
  const vite = await createViteServer({
    configFile: path.join(projectRoot(), "src", "web", "vite.config.ts"),
    define: { "import.meta.env.VITE_CONVEX_URL": JSON.stringify(env.web.VITE_CONVEX_URL) },
    server: { port: ports.web, strictPort: true, host: "127.0.0.1" },
    logLevel: "silent",
  });
  await vite.listen();
  const browser = await launchChromium();
  try {
    const page = await signedUpBuyer(browser, `http://127.0.0.1:${ports.web}/`, "bench@example.com");
    await submitSampleQuote(page);
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-testid=board]")?.dataset.quoteStatus === "completed",
      null,
      { timeout: 180_000, polling: 200 },
    );
    await page.waitForTimeout(500);
    const record = await readRecord(page);

    const finalDelays: number[] = [];
    for (const [k, emittedAt] of finals) {
      const seen = record.texts.find((t) => seenKey(t) === k && !t.partial);
      if (seen) finalDelays.push(seen.at - emittedAt);
    }
    const lags: number[] = [];
    const charLags: number[] = [];
    for (const seen of record.texts) {
      if (!seen.partial || seen.text.length === 0) continue;
      const steps = generated.get(seenKey(seen)) ?? [];
      const reached = steps.find((s) => s.length >= seen.text.length);
      if (reached) lags.push(seen.at - reached.at);
      const ahead = steps.filter((s) => s.at <= seen.at).at(-1);
      if (ahead) charLags.push(Math.max(0, ahead.length - seen.text.length));
    }
    const interrupted = new Set(record.texts.filter((t) => !t.partial && t.interrupted).map((t) => seenKey(t)));
    return {
      wholeLag: lagOverWholeMessages(record.texts, (t) => generated.get(seenKey(t)) ?? []),
      jumps: textJumps(record.texts, (t) => interrupted.has(seenKey(t))),
      writes: meter.figures(),
      chunkTimes: chunkTimes(meter.chunks, record.texts, (id) => supplierOf.get(id)),
      roundTripMs,
      finals: finalDelays.length,
      finalDelay: { p50: percentile(finalDelays, 50), p95: percentile(finalDelays, 95) },
      partialLag: { p50: percentile(lags, 50), p95: percentile(lags, 95), samples: lags.length },
      partialLagChars: { p50: percentile(charLags, 50), p95: percentile(charLags, 95) },
    };
  } finally {
    await browser.close();
    await vite.close();
    await mastraServer.close();
    await backend.close();
  }
}

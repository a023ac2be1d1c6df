import { readFileSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { RequestContext } from "@mastra/core/request-context";
import { SAMPLE_QUOTE } from "../src/cli/sample-quote";
import { createMastra } from "../src/mastra/create-mastra";
import type { NegotiationCallbacks, NegotiationMessage } from "../src/mastra/negotiation/negotiation-types";
import { MessagePersister } from "../src/mastra/storage/message-persister";
import { createTranscriptSink } from "../src/mastra/storage/transcript-sink";
import { fanOut, type NegotiationSink } from "../src/mastra/storage/negotiation-sink";
import type { ScaleScenario, ScaleResult } from "./scale-types";
import { startCpuProfile } from "./cpu-profile";
import { WriteMeter } from "./write-meter";

/**
 * One scale scenario in a process of its own (`--expose-gc`), so its CPU, heap and RSS are the
 * negotiations' alone: the local Convex backend runs in the parent. Reads the scenario from the
 * file BENCH_SCALE_SCENARIO_FILE names, prints one JSON line with the figures.
 */
const scenario = JSON.parse(readFileSync(process.env.BENCH_SCALE_SCENARIO_FILE ?? "", "utf8")) as ScaleScenario;
const exposedGc = (globalThis as { gc?: () => void }).gc;
if (!exposedGc) throw new Error("run with --expose-gc");
const gc: () => void = exposedGc;

const generatedAt = new Map<string, number>();
/** The engine's final messages, for the parent's integrity check under faults. */
const finals: Array<{ negotiationId: string; sequence: number; content: string }> = [];
const ackMs: number[] = [];
let messages = 0;
let writes = 0;
let partialWrites = 0;
let retriedRequests = 0;
let heapMidRun: number | undefined;
let heapBase = 0;

/** Counts every request the persister sends and times each final message's acknowledgement. */
const countingFetch: typeof fetch = async (input, init) => {
  const body = typeof init?.body === "string" ? init.body : "";
  writes++;
  const parsed = body ? (JSON.parse(body) as { path?: string; args?: Array<Record<string, unknown>> }) : {};
  if (parsed.path?.includes("streamMessage") || parsed.path?.includes("appendMessageText")) partialWrites++;
  const response = await fetch(input, init);
  const args = parsed.args?.[0];
  if (parsed.path?.includes("addMessage") && args && response.ok) {
    const started = generatedAt.get(`${String(args.negotiationId)}#${String(args.sequence)}`);
    if (started !== undefined) ackMs.push(performance.now() - started);
  }
  return response;
};

const recorder: NegotiationCallbacks = {
  onMessage(message: NegotiationMessage) {
    messages++;
    if (scenario.finalsFile)
      finals.push({ negotiationId: message.negotiationId, sequence: message.sequence, content: message.content });
    generatedAt.set(`${message.negotiationId}#${message.sequence}`, performance.now());
    // Retained heap is taken once, mid-run, when on average every negotiation has two messages.
    if (heapMidRun === undefined && messages >= scenario.n * 2) {
      gc();
      heapMidRun = process.memoryUsage().heapUsed;
    }
  },
  onStatusChange() {},
  onOfferReceived() {},
};

/** Streaming writes per message-second and bytes per message, for the scenario's own messages. */
let meter = new WriteMeter();

const mastra = createMastra({
  model:
    scenario.pacing === "instant"
      ? { kind: "local", seed: 7, latencyMs: 0, tokenDelayMs: 0 }
      : { kind: "local", seed: 7, latencyMs: 300, tokenDelayMs: 18 },
  storageUrl: ":memory:",
  ...(scenario.authSecret ? { authSecret: scenario.authSecret } : {}),
  createSink: (target): NegotiationSink => {
    const inner =
      target.writeToken !== undefined && scenario.convexUrl
        ? new MessagePersister({
            convexUrl: scenario.convexUrl,
            writeToken: target.writeToken,
            fetch: (input, init) => meter.fetch(countingFetch)(input, init),
            // Thousands of retry lines would drown the table; the retries are counted below.
            warn: () => {},
          })
        : createTranscriptSink(scenario.transcriptDir, target.quoteId);
    return {
      // The write meter watches writes to Convex; without persistence it would only add its own cost.
      ...fanOut(recorder, ...(scenario.convexUrl ? [meter.callbacks] : []), inner),
      recordRecommendation: (q, r) => inner.recordRecommendation(q, r),
      recordFailure: (q, r) => inner.recordFailure(q, r),
      flush: () => inner.flush(),
    };
  },
});

async function main() {
  const workflow = mastra.getWorkflow("negotiationWorkflow");
  const { suppliers } = scenario;
  const supplierIds = suppliers.map((s) => s.id);
  // One local quote first, so module loading and JIT warm-up are not counted against the scenario.
  const warmUp = await workflow.createRun();
  await warmUp.start({
    inputData: {
      ...SAMPLE_QUOTE,
      suppliers,
      supplierIds,
      quoteId: "warm-up",
      userId: "bench",
      maxRounds: 4,
      award: "none",
    },
  });
  messages = 0;
  finals.length = 0;
  generatedAt.clear();
  meter = new WriteMeter();
  gc();
  heapBase = process.memoryUsage().heapUsed;
  // Warmed up: every server of the scenario starts at the same moment, when the bench says so.
  process.stdout.write("SCALE_READY\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  const stopProfile = scenario.profile ? await startCpuProfile() : undefined;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuStart = process.cpuUsage();
  const startedAt = performance.now();
  let failures = 0;
  let finished = 0;
  const negotiationsPerQuote = supplierIds.length;
  const runs = scenario.quotes.map(async (quote, index) => {
    const run = await workflow.createRun(quote.runId ? { runId: quote.runId } : {});
    const requestContext = new RequestContext();
    if (quote.runNonce) {
      requestContext.set("mastra__user", {
        sub: "convex",
        quoteId: quote.quoteId,
        runId: quote.runId,
        runNonce: quote.runNonce,
      });
    }
    const result = await run.start({
      inputData: {
        ...SAMPLE_QUOTE,
        suppliers,
        supplierIds,
        quoteId: quote.quoteId,
        userId: "bench",
        negotiationIds: quote.negotiationIds ?? supplierIds.map((s) => `q${index}-${s}`),
        maxRounds: 4,
        // The bench measures negotiating: the run ends at its recommendation instead of waiting for a buyer.
        award: "none",
      },
      requestContext,
    });
    if (result.status !== "success") {
      failures += negotiationsPerQuote;
      return;
    }
    for (const r of result.result.results) if (r.status === "failed") failures++;
    retriedRequests += result.result.delivery.retried;
    finished += negotiationsPerQuote;
  });
  const capped = await Promise.race([
    Promise.all(runs).then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), scenario.capMs).unref()),
  ]);
  const wallMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuStart);
  loop.disable();
  const profile = await stopProfile?.(process.env.BENCH_CPU_PROF_DIR);
  ackMs.sort((a, b) => a - b);
  const pct = (p: number) => (ackMs.length ? ackMs[Math.min(ackMs.length - 1, Math.floor(p * ackMs.length))]! : NaN);
  const result: ScaleResult = {
    ...scenario.label,
    wallMs,
    capped,
    unfinished: scenario.n - finished - failures,
    failures,
    messages,
    cpuMsPerMessage: (cpu.user + cpu.system) / 1000 / Math.max(1, messages),
    retainedHeapKbPerNegotiation:
      heapMidRun === undefined ? NaN : (heapMidRun - heapBase) / 1024 / Math.max(1, scenario.n),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    writesPerMessage: scenario.convexUrl ? writes / Math.max(1, messages) : NaN,
    partialWritesPerMessage: scenario.convexUrl ? partialWrites / Math.max(1, messages) : NaN,
    repeatedRequests: retriedRequests,
    ...(scenario.convexUrl ? streamingFigures(meter) : {}),
    ackP50Ms: pct(0.5),
    ackP95Ms: pct(0.95),
    ...(profile ? { profile } : {}),
  };
  if (scenario.finalsFile) writeFileSync(scenario.finalsFile, JSON.stringify(finals));
  process.stdout.write(`SCALE_RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

function streamingFigures(m: WriteMeter): Pick<ScaleResult, "partialWritesPerMessageSecond" | "bytesRatioMax"> {
  const figures = m.figures();
  return {
    partialWritesPerMessageSecond: figures.partialWritesPerMessageSecond,
    bytesRatioMax: figures.bytesRatio.max,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ScaleResult, ScaleScenario } from "./scale-types";

/** A worker process that has warmed up and waits for the word to start. */
interface StartedWorker {
  ready: Promise<void>;
  go(): void;
  result: Promise<ScaleResult>;
}

/**
 * One scenario's worker process. It warms up, says `SCALE_READY`, waits for a line on its stdin,
 * then runs; the scenario goes by file (667 quotes' ids and grants are more than one environment
 * variable may hold).
 */
async function startWorker(scenario: ScaleScenario, scenarioFile: string): Promise<StartedWorker> {
  await writeFile(scenarioFile, JSON.stringify(scenario));
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--max-old-space-size=6144", "--import", "tsx", path.join(import.meta.dirname, "scale-worker.ts")],
    {
      env: { ...process.env, BENCH_SCALE_SCENARIO_FILE: scenarioFile, LOG_LEVEL: "error" },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  // A worker that died has no stdin to hear "go" on; its exit already fails the scenario.
  child.stdin.on("error", () => {});
  let out = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes("SCALE_READY\n")) markReady();
  });
  const result = new Promise<ScaleResult>((resolve, reject) => {
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("SCALE_RESULT "));
      if (!line) reject(new Error(`scale worker exited ${code} without a result:\n${out.slice(-2000)}`));
      else resolve(JSON.parse(line.slice("SCALE_RESULT ".length)) as ScaleResult);
    });
  });
  // A worker that dies before it is ready fails the scenario instead of keeping the others waiting.
  return { ready: Promise.race([ready, result.then(() => undefined)]), go: () => child.stdin.end("go\n"), result };
}

/**
 * Runs a scenario in `servers` processes, as that many Mastra servers would share its quotes: each
 * takes every `servers`-th quote, all warm up first, then all start at once. One figure set comes
 * back: wall time is the slowest server's, counts and CPU add up, per-negotiation heap is averaged,
 * peak RSS is the sum (the machine's), loop delay and acknowledgement percentiles the worst server's.
 */
export async function runOnServers(scenario: ScaleScenario, servers: number, dir: string): Promise<ScaleResult> {
  const parts = Array.from({ length: Math.min(servers, scenario.quotes.length) }, (_, index) => {
    const quotes = scenario.quotes.filter((_, q) => q % servers === index);
    const n = Math.round((scenario.n * quotes.length) / scenario.quotes.length);
    return {
      ...scenario,
      label: { ...scenario.label, n },
      n,
      quotes,
      ...(scenario.finalsFile ? { finalsFile: `${scenario.finalsFile}.${index}` } : {}),
    };
  });
  const workers = await Promise.all(
    parts.map((part, index) => startWorker(part, path.join(dir, `scenario-${index}.json`))),
  );
  await Promise.all(workers.map((w) => w.ready));
  for (const worker of workers) worker.go();
  const results = await Promise.all(workers.map((w) => w.result));
  if (results.length === 1) return results[0]!;
  if (scenario.finalsFile) {
    const finals = await Promise.all(parts.map(async (part) => JSON.parse(await readFile(part.finalsFile!, "utf8"))));
    await writeFile(scenario.finalsFile, JSON.stringify(finals.flat()));
  }
  return { ...mergeResults(results), servers: results.length };
}

function mergeResults(results: ScaleResult[]): ScaleResult {
  // A figure a server did not measure (NaN, null once through JSON) is not measured for all of them.
  const measured = (pick: (r: ScaleResult) => number) => results.every((r) => Number.isFinite(pick(r) ?? NaN));
  const sum = (pick: (r: ScaleResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const max = (pick: (r: ScaleResult) => number) => (measured(pick) ? Math.max(...results.map(pick)) : Number.NaN);
  const messages = sum((r) => r.messages);
  const n = sum((r) => r.n);
  const perMessage = (pick: (r: ScaleResult) => number) =>
    measured(pick) ? sum((r) => pick(r) * r.messages) / Math.max(1, messages) : Number.NaN;
  // A profile is one process's: several are not added up here.
  const { profile: _one, ...first } = results[0]!;
  return {
    ...first,
    n,
    wallMs: max((r) => r.wallMs),
    capped: results.some((r) => r.capped),
    unfinished: sum((r) => r.unfinished),
    failures: sum((r) => r.failures),
    messages,
    cpuMsPerMessage: perMessage((r) => r.cpuMsPerMessage),
    retainedHeapKbPerNegotiation: sum((r) => r.retainedHeapKbPerNegotiation * r.n) / Math.max(1, n),
    peakRssMb: sum((r) => r.peakRssMb),
    loopDelayP99Ms: max((r) => r.loopDelayP99Ms),
    writesPerMessage: perMessage((r) => r.writesPerMessage),
    partialWritesPerMessage: perMessage((r) => r.partialWritesPerMessage),
    repeatedRequests: sum((r) => r.repeatedRequests),
    ackP50Ms: max((r) => r.ackP50Ms),
    ackP95Ms: max((r) => r.ackP95Ms),
    ...(first.partialWritesPerMessageSecond === undefined
      ? {}
      : { partialWritesPerMessageSecond: perMessage((r) => r.partialWritesPerMessageSecond ?? Number.NaN) }),
    ...(first.bytesRatioMax === undefined ? {} : { bytesRatioMax: max((r) => r.bytesRatioMax ?? Number.NaN) }),
  };
}

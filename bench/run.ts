import { benchConcurrency } from "./concurrency-bench";

/** `npm run bench`: every ratio is measured within this one run, so machine noise hits both sides. */
async function main() {
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 150);
  const tokenDelayMs = Number(process.env.BENCH_TOKEN_DELAY_MS ?? 4);

  console.log(`Concurrency — 3 suppliers, local model at ${latencyMs} ms latency + ${tokenDelayMs} ms per word`);
  const c = await benchConcurrency(latencyMs, tokenDelayMs);
  for (const s of c.singles) console.log(`  ${s.supplierName.padEnd(18)} alone: ${s.durationMs.toFixed(0).padStart(6)} ms, ${s.messageCount} messages, ${s.status}`);
  console.log(`  sequential total:        ${c.sequentialMs.toFixed(0).padStart(6)} ms`);
  console.log(`  parallel (allSettled):   ${c.parallelMs.toFixed(0).padStart(6)} ms`);
  console.log(`  speed-up sequential / parallel:      ${(c.sequentialMs / c.parallelMs).toFixed(2)}×`);
  const ratio = c.parallelMs / c.slowestSingleMs;
  console.log(`  ratio parallel / slowest single:     ${ratio.toFixed(3)}  (target ≤ 1.05) ${ratio <= 1.05 ? "OK" : "MISSED"}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import Table from "cli-table3";
import type { ScaleResult } from "./scale-types";

/** The targets, each checked only where it applies (N and persistence). */
function targets(r: ScaleResult): string[] {
  const marks: string[] = [];
  // A figure the run never reached (JSON turns NaN into null) is missed, not met.
  const measured = (value: number | null) => value !== null && Number.isFinite(value);
  const mark = (name: string, ok: boolean) => marks.push(`${name} ${ok ? "met" : "MISSED"}`);
  if (r.n >= 2000) {
    mark("0 failures", r.failures === 0 && r.unfinished === 0);
    mark("CPU≤3ms", r.cpuMsPerMessage <= 3);
    mark("heap≤100KB", measured(r.retainedHeapKbPerNegotiation) && r.retainedHeapKbPerNegotiation <= 100);
    // Issue 19's: 120 s without persistence, twice that through the local backend.
    const wallTarget = r.persistence === "none" ? 120 : 240;
    mark(`wall≤${wallTarget}s`, !r.capped && r.wallMs <= wallTarget * 1000);
  }
  if (r.n >= 300 && r.n < 2000) mark("loop p99≤200ms", measured(r.loopDelayP99Ms) && r.loopDelayP99Ms <= 200);
  // The target counts partial + final text writes: the partials, plus each message's one final.
  // Issue 19's: chunks by time, not by count, and bytes proportional to a message's length.
  if (r.persistence === "convex" && r.partialWritesPerMessageSecond !== undefined) {
    mark("partial/msg·s≤4", measured(r.partialWritesPerMessageSecond) && r.partialWritesPerMessageSecond <= 4);
    // Under injected faults a retried write carries its text again: bytes are judged without them.
    if (!r.faults) mark("bytes≤3×", measured(r.bytesRatioMax ?? null) && (r.bytesRatioMax ?? Infinity) <= 3);
  }
  if (r.integrity) {
    const { lost, duplicated, reordered, leftoverChunks } = r.integrity;
    mark("gen→commit p95≤1s", measured(r.ackP95Ms) && r.ackP95Ms <= 1_000);
    mark(
      `0 lost/dup/reordered (${lost}/${duplicated}/${reordered}, ${leftoverChunks} chunks left)`,
      lost + duplicated + reordered + leftoverChunks === 0,
    );
  }
  if (r.persistence === "convex" && r.partialWritesPerMessageSecond === undefined) {
    mark("partial+final≤3", measured(r.partialWritesPerMessage) && r.partialWritesPerMessage + 1 <= 3);
  }
  return marks;
}

const fixed = (value: number | null, digits = 1) =>
  value !== null && Number.isFinite(value) ? value.toFixed(digits) : "–";

/** The run's scenarios as one table, a row each, targets marked met or missed. */
export function scaleTable(results: ScaleResult[]): string {
  const table = new Table({
    head: [
      "N",
      "per quote",
      "model",
      "persist",
      "wall s",
      "msgs",
      "fail/unfin",
      "CPU ms/msg",
      "heap KB/neg",
      "peak RSS MB",
      "loop p99 ms",
      "all writes/msg (partial)",
      "partial /msg·s, bytes ×len",
      "retried",
      "gen→ack p50/p95 ms",
      "targets",
    ],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [6, 7, 9, 9, 10, 7, 12, 8, 8, 8, 8, 12, 11, 9, 12, 28],
  });
  for (const r of results) {
    table.push([
      r.servers ? `${r.n} on ${r.servers}` : String(r.n),
      String(r.perQuote),
      r.pacing,
      r.faults ? `${r.persistence} +faults` : r.persistence,
      `${fixed(r.wallMs / 1000)}${r.capped ? " (cap)" : ""}`,
      String(r.messages),
      `${r.failures}/${r.unfinished}`,
      fixed(r.cpuMsPerMessage, 2),
      fixed(r.retainedHeapKbPerNegotiation, 0),
      fixed(r.peakRssMb, 0),
      fixed(r.loopDelayP99Ms, 0),
      `${fixed(r.writesPerMessage, 2)} (${fixed(r.partialWritesPerMessage, 2)})`,
      r.partialWritesPerMessageSecond === undefined
        ? "–"
        : `${fixed(r.partialWritesPerMessageSecond, 2)}, ${fixed(r.bytesRatioMax ?? null, 2)}`,
      String(r.repeatedRequests),
      `${fixed(r.ackP50Ms, 0)}/${fixed(r.ackP95Ms, 0)}`,
      targets(r).join("; ") || "–",
    ]);
  }
  return table.toString();
}

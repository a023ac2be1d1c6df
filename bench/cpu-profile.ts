import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Session, type Profiler } from "node:inspector/promises";

/** One line of a profile's summary: where CPU time went, measured as self time (its own code only). */
export interface ProfileEntry {
  name: string;
  ms: number;
  /** Of the whole profile's time. */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** The functions that spent the most time themselves. */
  functions: ProfileEntry[];
  /** The same time by where the code comes from: a package, a file of ours, Node or V8. */
  sources: ProfileEntry[];
}

/**
 * Profiles this process's CPU from now until `stop()`, so a bench profiles only what it measures
 * (not module loading or warm-up, which `node --cpu-prof` includes). `stop` writes the profile for
 * Chrome DevTools into `saveDir` when given, and returns its summary.
 */
export async function startCpuProfile(): Promise<(saveDir?: string) => Promise<ProfileSummary>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async (saveDir) => {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    if (saveDir) await writeFile(path.join(saveDir, `scale-${process.pid}.cpuprofile`), JSON.stringify(profile));
    return summariseProfile(profile);
  };
}

const TOP_FUNCTIONS = 15;
const TOP_SOURCES = 10;

export function summariseProfile(profile: Profiler.Profile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const bySource = new Map<string, number>();
  let totalMs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    const ms = (deltas[index] ?? 0) / 1000;
    totalMs += ms;
    const source = sourceOf(frame.url);
    const name = `${frame.functionName || "(anonymous)"} ${source}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    bySource.set(source, (bySource.get(source) ?? 0) + ms);
  });
  const top = (times: Map<string, number>, count: number): ProfileEntry[] =>
    [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, ms]) => ({ name, ms, share: totalMs > 0 ? ms / totalMs : 0 }));
  return { totalMs, functions: top(byFunction, TOP_FUNCTIONS), sources: top(bySource, TOP_SOURCES) };
}

/** A package's name, our file's path from the project root, `node:<file>` for Node's own code, or V8's. */
function sourceOf(url: string): string {
  if (!url) return "(V8)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return url;
  const root = path.resolve(import.meta.dirname, "..") + "/";
  const file = url.replace(/^file:\/\//, "");
  return file.startsWith(root) ? file.slice(root.length) : file;
}

/** The summary as lines under a scenario's table. */
export function profileLines(summary: ProfileSummary): string[] {
  const line = (e: ProfileEntry) =>
    `    ${e.ms.toFixed(0).padStart(7)} ms ${(e.share * 100).toFixed(1).padStart(5)} %  ${e.name}`;
  return [
    `  CPU profile of the measured run, ${(summary.totalMs / 1000).toFixed(1)} s (self time; the profiler's own cost is in the CPU figure):`,
    "  by function",
    ...summary.functions.map(line),
    "  by source",
    ...summary.sources.map(line),
  ];
}

import path from "node:path";
import { z } from "zod";
import { parseEnv } from "../../shared/parse-env";
import { projectRoot } from "../../shared/project-paths";
import { MessagePersister } from "./message-persister";
import type { NegotiationSink } from "./negotiation-sink";
import { createTranscriptSink } from "./transcript-sink";

/** Where runs persist: Convex (runs Convex started) and a transcript folder (every other run). */
export interface PersistenceConfig {
  convexUrl?: string;
  dir: string;
}

const envSchema = z.object({
  CONVEX_URL: z.url("CONVEX_URL must be a URL").optional(),
  TRANSCRIPT_DIR: z.string().optional(),
});

/** `CONVEX_URL` set → runs Convex started write there; local runs always write JSONL transcripts. */
export function persistenceConfigFromEnv(env: NodeJS.ProcessEnv): PersistenceConfig {
  const { CONVEX_URL, TRANSCRIPT_DIR } = parseEnv(envSchema, env, "persistence configuration");
  return { ...(CONVEX_URL ? { convexUrl: CONVEX_URL } : {}), dir: transcriptDir(TRANSCRIPT_DIR) };
}

/** TRANSCRIPT_DIR resolved from the project root; data/transcripts by default. */
export function transcriptDir(configured: string | undefined): string {
  return path.resolve(projectRoot(), configured || path.join("data", "transcripts"));
}

/** What a run's sink is made from: its identity, with the write token when Convex granted one. */
export interface SinkTarget {
  quoteId: string;
  userId: string;
  /** The run: a restart of it reads back what it wrote (see NegotiationSink.journal). */
  runId: string;
  /** Present only for a run Convex started: the token its writes to Convex present. */
  writeToken?: string;
}

/**
 * A run Convex started (it has a write token) writes to Convex; any other run, a local one from
 * Studio, the CLI or a test, writes a transcript, even when CONVEX_URL is set: it has no quote there.
 */
export function createSink(config: PersistenceConfig, target: SinkTarget): NegotiationSink {
  if (target.writeToken !== undefined && config.convexUrl !== undefined) {
    return new MessagePersister({ convexUrl: config.convexUrl, writeToken: target.writeToken });
  }
  return createTranscriptSink(config.dir, target.quoteId, target.runId);
}

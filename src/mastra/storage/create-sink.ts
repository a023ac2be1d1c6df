import path from "node:path";
import { z } from "zod";
import { ConfigurationError } from "../configuration-error";
import { parseEnv } from "../parse-env";
import { projectRoot } from "../project-paths";
import { MessagePersister } from "./message-persister";
import type { NegotiationSink } from "./negotiation-sink";
import { createTranscriptSink } from "./transcript-sink";

export type PersistenceConfig =
  { kind: "convex"; convexUrl: string; secret: string } | { kind: "transcript"; dir: string };

const envSchema = z.object({
  CONVEX_URL: z.url("CONVEX_URL must be a URL").optional(),
  WORKFLOW_SECRET: z.string().optional(),
  TRANSCRIPT_DIR: z.string().optional(),
});

/** `CONVEX_URL` set → Convex (which then needs WORKFLOW_SECRET); unset → JSONL transcripts. */
export function persistenceConfigFromEnv(env: NodeJS.ProcessEnv): PersistenceConfig {
  const { CONVEX_URL, WORKFLOW_SECRET, TRANSCRIPT_DIR } = parseEnv(envSchema, env, "persistence configuration");
  if (CONVEX_URL) {
    if (!WORKFLOW_SECRET) {
      throw new ConfigurationError(
        "WORKFLOW_SECRET: required when CONVEX_URL is set; it must equal WORKFLOW_SECRET on the Convex deployment",
      );
    }
    return { kind: "convex", convexUrl: CONVEX_URL, secret: WORKFLOW_SECRET };
  }
  return { kind: "transcript", dir: transcriptDir(TRANSCRIPT_DIR) };
}

/** TRANSCRIPT_DIR resolved from the project root; data/transcripts by default. */
export function transcriptDir(configured: string | undefined): string {
  return path.resolve(projectRoot(), configured || path.join("data", "transcripts"));
}

export function createSink(config: PersistenceConfig, input: { quoteId: string }): NegotiationSink {
  return config.kind === "convex"
    ? new MessagePersister({ convexUrl: config.convexUrl, secret: config.secret })
    : createTranscriptSink(config.dir, input.quoteId);
}

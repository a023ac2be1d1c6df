import path from "node:path";
import { projectRoot } from "../project-paths";
import type { NegotiationSink } from "./negotiation-sink";
import { createTranscriptSink } from "./transcript-sink";

/** `CONVEX_URL` set → Convex; unset → a JSONL transcript under TRANSCRIPT_DIR (default data/transcripts). */
export function createSinkFromEnv(input: { quoteId: string; userId: string }, env: NodeJS.ProcessEnv): NegotiationSink {
  const dir = env.TRANSCRIPT_DIR ? path.resolve(projectRoot(), env.TRANSCRIPT_DIR) : path.join(projectRoot(), "data", "transcripts");
  return createTranscriptSink(dir, input.quoteId);
}

import { createStep, createWorkflow } from "@mastra/core/workflows";
import { z } from "zod";
import { ConfigurationError } from "../configuration-error";
import { parseEnv } from "../parse-env";

/**
 * The seam between the negotiation workflow and the engine that executes it. Today every run
 * executes in this process on Mastra's default engine. `@mastra/inngest` offers the same two
 * builders (`init(new Inngest(...))` returns `{ createWorkflow, createStep }`), executing each step
 * as a durable Inngest function on however many workers Inngest schedules: switching is choosing
 * the builders here, not editing the workflow. See docs/scaling.md for what that switch still needs.
 */
export interface WorkflowEngine {
  name: "default" | "inngest";
  createStep: typeof createStep;
  createWorkflow: typeof createWorkflow;
}

export const DEFAULT_ENGINE: WorkflowEngine = { name: "default", createStep, createWorkflow };

const envSchema = z.object({
  WORKFLOW_ENGINE: z.enum(["default", "inngest"], { error: "must be default or inngest" }).default("default"),
});

/** WORKFLOW_ENGINE=default (this process) or inngest (not wired in this build: refused, saying why). */
export function workflowEngineFromEnv(env: NodeJS.ProcessEnv): WorkflowEngine {
  const { WORKFLOW_ENGINE } = parseEnv(envSchema, env, "workflow engine configuration");
  if (WORKFLOW_ENGINE === "inngest") {
    throw new ConfigurationError(
      "WORKFLOW_ENGINE=inngest needs @mastra/inngest and an Inngest server, which this build does not include " +
        "(it runs offline); see docs/scaling.md for the wiring. Use WORKFLOW_ENGINE=default.",
    );
  }
  return DEFAULT_ENGINE;
}

import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { projectRoot } from "../mastra/project-paths";
import { startLocalStack } from "./start-stack";

/** `npm start`: the whole stack offline, one URL to open, Ctrl-C stops everything. */
async function main() {
  const started = performance.now();
  const file = path.join(projectRoot(), ".env");
  if (existsSync(file)) process.loadEnvFile(file);
  const stack = await startLocalStack({
    ports: {
      convex: Number(process.env.LOCAL_CONVEX_PORT ?? 3210),
      mastra: Number(process.env.MASTRA_PORT ?? 4111),
      web: Number(process.env.WEB_PORT ?? 5173),
    },
  });
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    void stack.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  const model = process.env.OPENAI_API_KEY
    ? `OpenAI ${process.env.OPENAI_MODEL || "gpt-4o-mini"}`
    : "the local negotiation model";
  console.log(
    [
      "",
      `  Supplier negotiations — open ${stack.webUrl}`,
      "",
      `  local Convex backend ${stack.convexUrl} (data in memory, gone on exit)`,
      `  Mastra server        ${stack.mastraUrl} (${model})`,
      `  ready in ${((performance.now() - started) / 1000).toFixed(1)} s · Ctrl-C stops everything`,
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

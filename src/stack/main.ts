import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { parseEnv } from "../shared/parse-env";
import { projectRoot } from "../shared/project-paths";
import { startLocalStack } from "./start-stack";

const port = (name: string, fallback: number) =>
  z.coerce
    .number()
    .int(`${name} must be a port number`)
    .min(1, `${name} must be a port number`)
    .max(65535, `${name} must be a port number`)
    .default(fallback);
const portsSchema = z.object({
  LOCAL_CONVEX_PORT: port("LOCAL_CONVEX_PORT", 3210),
  MASTRA_PORT: port("MASTRA_PORT", 4111),
  WEB_PORT: port("WEB_PORT", 5173),
  LOCAL_DATA_DIR: z.string().min(1).default("data/local"),
});

/** `npm start`: the whole stack offline, one URL to open, Ctrl-C stops everything. */
async function main() {
  const file = path.join(projectRoot(), ".env");
  if (existsSync(file)) process.loadEnvFile(file);
  const ports = parseEnv(portsSchema, process.env, "ports");
  // `--suppliers examples/suppliers.json`: a directory of 50 more suppliers to invite.
  // `--fresh`: forget everything kept from earlier runs (accounts, quotes, runs, secrets).
  const { values: args } = parseArgs({ options: { suppliers: { type: "string" }, fresh: { type: "boolean" } } });
  const dataDir = path.resolve(projectRoot(), ports.LOCAL_DATA_DIR);
  if (args.fresh) rmSync(dataDir, { recursive: true, force: true });
  const stack = await startLocalStack({
    ...(args.suppliers ? { suppliersFile: args.suppliers } : {}),
    dataDir,
    ports: { convex: ports.LOCAL_CONVEX_PORT, mastra: ports.MASTRA_PORT, web: ports.WEB_PORT },
    onCrash: (what, code) => {
      const exit = code === null ? "" : ` (exit code ${code})`;
      console.error(`npm start: ${what} stopped unexpectedly${exit}; stopping everything.`);
      void stack.stop().then(() => process.exit(1));
    },
    onMastraRestart: (code, signal, delayMs) => {
      console.error(
        `npm start: the Mastra server stopped (${signal ?? `exit code ${code}`}); starting it again in ` +
          `${delayMs / 1000} s. Quotes it was negotiating go on where they stopped.`,
      );
    },
    onBackendRestart: (code, signal, delayMs) => {
      console.error(
        `npm start: the local Convex backend stopped (${signal ?? `exit code ${code}`}); starting it again in ` +
          `${delayMs / 1000} s on its data in ${relative(dataDir)}. Pages and runs reconnect by themselves.`,
      );
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
      `  local Convex backend ${stack.convexUrl} (data kept in ${relative(dataDir)}; npm start -- --fresh starts clean)`,
      `  Mastra server        ${stack.mastraUrl} (${model})`,
      ...(args.suppliers ? [`  suppliers            the built-in three and those in ${args.suppliers}`] : []),
      `  ready in ${(performance.now() / 1000).toFixed(1)} s · Ctrl-C stops everything`,
      "",
    ].join("\n"),
  );
}

function relative(dir: string): string {
  const inside = path.relative(projectRoot(), dir);
  return inside.startsWith("..") || path.isAbsolute(inside) ? dir : inside || ".";
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

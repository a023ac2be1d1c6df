import { existsSync } from "node:fs";
import path from "node:path";
import { modelConfigFromEnv, type ModelConfig } from "../mastra/models/model-config";
import { projectRoot } from "../shared/project-paths";
import { transcriptDir } from "../mastra/storage/create-sink";
import { HELP, parseCliArgs, type CliOptions } from "./cli-args";
import { loadQuote, loadSupplierDirectory } from "./load-quote";
import { describeStartError, USAGE_EXIT_CODE } from "./report-error";

/*
 * The terminal demo's entry point. Everything that can go wrong with what the person typed (an
 * option, the quote file, a setting) is answered before Mastra and the models are loaded, which
 * takes seconds; only a valid request pays for that.
 */

function modelConfig(options: CliOptions): ModelConfig {
  const config = modelConfigFromEnv();
  if (config.kind !== "local") return config;
  return {
    ...config,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...(options.tokenDelayMs !== undefined ? { tokenDelayMs: options.tokenDelayMs } : {}),
  };
}

function loadDotEnv(): void {
  const file = path.join(projectRoot(), ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

async function main(argv: string[]): Promise<number> {
  let request;
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      console.log(HELP);
      return 0;
    }
    loadDotEnv();
    const { quote, suppliers } = await loadQuote(options.quoteFile, await loadSupplierDirectory(options.suppliersFile));
    request = {
      quote,
      suppliers,
      model: modelConfig(options),
      rounds: options.rounds,
      json: options.json,
      award: options.award,
      transcriptDir: transcriptDir(process.env.TRANSCRIPT_DIR),
    };
  } catch (error) {
    console.error(describeStartError(error));
    return USAGE_EXIT_CODE;
  }

  const { runDemo } = await import("./run-demo");
  const cancel = new AbortController();
  // `on`, not `once`: log-update's exit hook re-raises SIGINT when it is the last listener left.
  const onInterrupt = () => {
    if (cancel.signal.aborted) process.exit(130); // a second Ctrl-C does not wait
    cancel.abort();
  };
  process.on("SIGINT", onInterrupt);
  try {
    return await runDemo(request, { stdout: process.stdout, stderr: process.stderr, cancel: cancel.signal });
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(describeStartError(error));
    process.exit(USAGE_EXIT_CODE);
  },
);

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { styleText } from "node:util";
import { quoteRequestSchema, selectedSupplierIds, type QuoteRequest } from "../mastra/domain/quote";
import { getSupplier } from "../mastra/domain/suppliers";
import { InputValidationError, parseOrThrow } from "../mastra/domain/validation-error";
import { createMastra } from "../mastra/create-mastra";
import { modelConfigFromEnv, type ModelConfig } from "../mastra/models/model-config";
import { projectRoot } from "../mastra/project-paths";
import { transcriptDir } from "../mastra/storage/create-sink";
import { createTranscriptSink } from "../mastra/storage/transcript-sink";
import { isNegotiationEvent } from "../mastra/workflows/negotiation-events";
import { CliUsageError, HELP, parseCliArgs, type CliOptions } from "./cli-args";
import { formatSummary } from "./format";
import { createLiveView } from "./live-view";
import { SAMPLE_QUOTE } from "./sample-quote";

async function loadQuote(file: string | undefined): Promise<QuoteRequest> {
  if (!file) return SAMPLE_QUOTE;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliUsageError(`cannot read quote file ${file}: ${error instanceof Error ? error.message : error}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`quote file ${file} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  return parseOrThrow(quoteRequestSchema, json);
}

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

function describeModel(config: ModelConfig): string {
  return config.kind === "openai"
    ? `OpenAI ${config.modelName}`
    : `the local negotiation model (seed ${config.seed}, ${config.latencyMs} ms latency)`;
}

function loadDotEnv(): void {
  const file = path.join(projectRoot(), ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

async function main(argv: string[]): Promise<number> {
  const options = parseCliArgs(argv);
  loadDotEnv();
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  const quote = await loadQuote(options.quoteFile);
  const model = modelConfig(options);
  // Snapshots of a one-off terminal run are not worth a database file; `npm run dev` keeps them.
  // A terminal run has no Convex quote behind it, so it keeps a transcript even when CONVEX_URL is set.
  const transcripts = transcriptDir(process.env.TRANSCRIPT_DIR);
  const mastra = createMastra({
    model,
    storageUrl: ":memory:",
    createSink: (input) => createTranscriptSink(transcripts, input.quoteId),
  });
  const suppliers = selectedSupplierIds(quote).map((id) => getSupplier(id));
  const quoteId = `quote-${Date.now().toString(36)}`;
  const run = await mastra.getWorkflow("negotiationWorkflow").createRun();

  if (!options.json) {
    console.log(
      styleText("bold", `Negotiating ${quoteId} with ${suppliers.map((s) => s.name).join(", ")}`) +
        styleText("dim", ` on ${describeModel(model)}, up to ${options.rounds} rounds each. Ctrl-C cancels.\n`),
    );
  }
  const view = options.json ? undefined : createLiveView(process.stdout, suppliers);
  let cancelling = false;
  // `on`, not `once`: log-update's exit hook re-raises SIGINT when it is the last listener left.
  const cancel = () => {
    if (cancelling) process.exit(130); // a second Ctrl-C does not wait
    cancelling = true;
    // Drop the live panel first: the terminal echoed ^C into it, and the rest prints as plain lines.
    view?.stopPanel();
    void run.cancel();
  };
  process.on("SIGINT", cancel);
  const startedAt = Date.now();
  try {
    const output = run.stream({
      inputData: {
        ...quote,
        quoteId,
        userId: "terminal",
        negotiationIds: suppliers.map((s) => `${quoteId}-${s.id}`),
        maxRounds: options.rounds,
      },
    });
    for await (const chunk of output.fullStream) {
      if (chunk.type === "workflow-step-output" && isNegotiationEvent(chunk.payload.output))
        view?.handle(chunk.payload.output);
    }
    const result = await output.result;
    view?.finish();
    // Mastra reports a cancelled run as "canceled", a status its result type does not list.
    if (String(result.status) === "canceled") {
      console.error(styleText("yellow", "Cancelled: every negotiation was stopped; nothing was agreed."));
      return 130;
    }
    if (result.status !== "success") {
      const reason = result.status === "failed" ? result.error.message : result.status;
      console.error(styleText("red", `The negotiation run ended ${result.status}: ${reason}`));
      return 1;
    }
    if (options.json) {
      console.log(JSON.stringify(result.result, null, 2));
      return 0;
    }
    const tokens = result.result.results.reduce((sum, r) => sum + r.usage.totalTokens, 0);
    console.log(formatSummary(result.result, process.stdout.columns || 100, process.stdout.hasColors?.() ?? false));
    console.log(
      styleText(
        "dim",
        `\n${((Date.now() - startedAt) / 1000).toFixed(1)} s, ${tokens.toLocaleString("en-US")} tokens. ` +
          `Messages kept in ${result.result.delivery.destination} (${result.result.delivery.delivered} writes, ${result.result.delivery.undelivered.length} undelivered).`,
      ),
    );
    return 0;
  } finally {
    process.off("SIGINT", cancel);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InputValidationError) {
      console.error(styleText("red", "Invalid quote:"));
      console.error(
        error.details
          .split("\n")
          .map((line) => `  ${line}`)
          .join("\n"),
      );
    } else if (error instanceof CliUsageError) {
      console.error(styleText("red", `Error: ${error.message}`));
      console.error("Run `npm run demo -- --help` for usage.");
    } else {
      console.error(
        styleText("red", `Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      );
    }
    process.exit(2);
  },
);

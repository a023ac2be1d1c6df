import { styleText } from "node:util";
import wrapAnsi from "wrap-ansi";
import type { QuoteRequest } from "../domain/quote";
import type { SupplierProfile } from "../domain/suppliers";
import { createMastra } from "../mastra/create-mastra";
import type { ModelConfig } from "../mastra/models/model-config";
import { createTranscriptSink } from "../mastra/storage/transcript-sink";
import { isNegotiationEvent } from "../mastra/workflows/negotiation-events";
import { formatSummary, describeFailures } from "./format";
import { createLiveView, type TerminalOutput } from "./live-view";

export interface DemoRequest {
  quote: QuoteRequest;
  /** The suppliers the quote invites, as data: the built-in profiles or a supplier file's. */
  suppliers: SupplierProfile[];
  model: ModelConfig;
  rounds: number;
  /** Print the workflow result as JSON on stdout, and nothing else there. */
  json: boolean;
  /** Award the recommended deal at once, as a buyer would (default), instead of stopping at the recommendation. */
  award?: boolean;
  transcriptDir: string;
}

export interface DemoIO {
  stdout: TerminalOutput;
  stderr: TerminalOutput;
  /** Aborted when the person presses Ctrl-C: every negotiation is stopped. */
  cancel: AbortSignal;
}

function describeModel(config: ModelConfig): string {
  return config.kind === "openai"
    ? `OpenAI ${config.modelName}${config.baseURL ? ` at ${config.baseURL}` : ""}`
    : `the local negotiation model (seed ${config.seed}, ${config.latencyMs} ms latency)`;
}

/** "Apex Textiles, Porto Knitworks, Anatolia Apparel", or for many "50 suppliers (Apex Textiles, … and 45 more)". */
function describeSuppliers(suppliers: readonly SupplierProfile[]): string {
  if (suppliers.length <= 5) return suppliers.map((s) => s.name).join(", ");
  const named = suppliers.slice(0, 3).map((s) => s.name);
  return `${suppliers.length} suppliers (${named.join(", ")} and ${suppliers.length - 3} more)`;
}

/**
 * Negotiates one quote in this process and shows it live; resolves to the exit code: 0 when the
 * run finished (with or without a deal), 1 when it failed or every negotiation failed, 130 when
 * cancelled. Kept apart from the entry point so tests can run it in-process.
 */
export async function runDemo(request: DemoRequest, io: DemoIO): Promise<number> {
  const { stdout, stderr } = io;
  const line = (out: TerminalOutput, text: string) => out.write(`${text}\n`);
  /** Prose for the person watching, wrapped at word boundaries to their terminal's width. */
  const paragraph = (text: string) => line(stdout, wrapAnsi(text, Math.max(40, (stdout.columns || 100) - 1)));
  // Snapshots of a one-off terminal run are not worth a database file; `npm run dev` keeps them.
  // A terminal run has no Convex quote behind it, so it keeps a transcript even when CONVEX_URL is set.
  const mastra = createMastra({
    model: request.model,
    storageUrl: ":memory:",
    createSink: (input) => createTranscriptSink(request.transcriptDir, input.quoteId),
  });
  const { suppliers } = request;
  const quoteId = `quote-${Date.now().toString(36)}`;
  const run = await mastra.getWorkflow("negotiationWorkflow").createRun();

  if (!request.json) {
    paragraph(
      styleText("bold", `Negotiating ${quoteId} with ${describeSuppliers(suppliers)}`) +
        styleText(
          "dim",
          ` on ${describeModel(request.model)}, up to ${request.rounds} round${request.rounds === 1 ? "" : "s"} each. Ctrl-C cancels.\n`,
        ),
    );
  }
  const view = request.json ? undefined : createLiveView(stdout, suppliers);
  const cancel = () => {
    // Drop the live panel first: the terminal echoed ^C into it, and the rest prints as plain lines.
    view?.stopPanel();
    void run.cancel();
  };
  io.cancel.addEventListener("abort", cancel, { once: true });
  const startedAt = Date.now();
  try {
    const output = run.stream({
      inputData: {
        ...request.quote,
        suppliers,
        supplierIds: suppliers.map((s) => s.id),
        quoteId,
        userId: "terminal",
        negotiationIds: suppliers.map((s) => `${quoteId}-${s.id}`),
        maxRounds: request.rounds,
        award: request.award === false ? "none" : "recommended",
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
      line(stderr, styleText("yellow", "Cancelled: every negotiation was stopped; nothing was agreed."));
      return 130;
    }
    if (result.status !== "success") {
      const reason = result.status === "failed" ? result.error.message : result.status;
      line(stderr, styleText("red", `The negotiation run ended ${result.status}: ${reason}`));
      return 1;
    }
    const everyOneFailed = result.result.results.every((r) => r.status === "failed");
    if (request.json) {
      line(stdout, JSON.stringify(result.result, null, 2));
    } else {
      const tokens = result.result.results.reduce((sum, r) => sum + r.usage.totalTokens, 0);
      line(stdout, formatSummary(result.result, stdout.columns || 100, stdout.hasColors?.() ?? false));
      const { delivery } = result.result;
      paragraph(
        styleText(
          "dim",
          `\n${((Date.now() - startedAt) / 1000).toFixed(1)} s, ${tokens.toLocaleString("en-US")} tokens. ` +
            `Messages kept in ${delivery.destination} (${delivery.delivered} writes, ${delivery.undelivered.length} undelivered).`,
        ),
      );
      const awarded = result.result.closings.find((c) => c.outcome === "awarded");
      if (awarded) {
        const name = result.result.results.find((r) => r.negotiationId === awarded.negotiationId)?.supplierName;
        paragraph(
          `Awarded to ${name ?? awarded.supplierId} on your behalf (the demo decides as a buyer would on the web page; ` +
            "--no-award stops at the recommendation). Your negotiator confirmed the order and declined the other deals.",
        );
      }
    }
    if (everyOneFailed) {
      line(
        stderr,
        wrapAnsi(styleText("red", describeFailures(result.result.results)), Math.max(40, (stderr.columns || 100) - 1)),
      );
      return 1;
    }
    return 0;
  } finally {
    io.cancel.removeEventListener("abort", cancel);
  }
}

import { createWriteStream, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import type { NegotiationStatus } from "../negotiation/negotiation-types";
import { EMPTY_JOURNAL, type RunJournal } from "../negotiation/resume-point";
import { journalOf, type StoredNegotiation } from "./journal";
import type { DeliveryReport, NegotiationSink } from "./negotiation-sink";

/**
 * The local sink used when no Convex deployment is configured: one JSON line per final message,
 * status change and offer, appended to `<dir>/<quoteId>.jsonl` through a buffered stream so
 * writing never holds up a negotiation. Streamed partial text is not kept; the final message is.
 */
export function createTranscriptSink(
  dir: string,
  quoteId: string,
  /** Tags every line, so a restart of this run reads back its own lines only; none → no journal. */
  runId?: string,
): NegotiationSink & { file: string } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${quoteId.replace(/[^\w.-]/g, "_")}.jsonl`);
  const out = createWriteStream(file, { flags: "a" });
  let delivered = 0;
  let failure: string | undefined;
  out.on("error", (error) => {
    failure = error.message;
  });
  const write = (event: string, data: object) => {
    delivered++;
    out.write(`${JSON.stringify({ event, at: new Date().toISOString(), ...(runId ? { runId } : {}), ...data })}\n`);
  };
  return {
    file,
    onMessage: (message) => write("message", message),
    onStatusChange: (change) => write("status", change),
    onOfferReceived: (offer) => write("offer", offer),
    recordRecommendation: (quoteId, recommendation) => write("recommendation", { quoteId, ...recommendation }),
    recordFailure: (quoteId, reason) => write("run-failed", { quoteId, reason }),
    journal: async () => (runId === undefined ? EMPTY_JOURNAL : await readJournal(file, runId)),
    async flush(): Promise<DeliveryReport> {
      if (!out.writableEnded && !failure) {
        out.end();
        await once(out, "finish").catch(() => undefined);
      }
      return {
        destination: `transcript ${file}`,
        delivered: failure ? 0 : delivered,
        retried: 0,
        undelivered: failure
          ? [{ negotiationId: "*", kind: "message", reason: `transcript not written: ${failure}` }]
          : [],
      };
    },
  };
}

/** What an earlier life of this run wrote to the transcript: its messages and each negotiation's latest status. */
async function readJournal(file: string, runId: string): Promise<RunJournal> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return new Map(); // no transcript yet: a first start
  }
  const negotiations = new Map<string, StoredNegotiation>();
  const entry = (negotiationId: string) => {
    const known = negotiations.get(negotiationId) ?? { negotiationId, status: "pending", messages: [] };
    negotiations.set(negotiationId, known);
    return known;
  };
  for (const line of text.split("\n")) {
    const event = parseLine(line);
    if (event?.runId !== runId) continue; // another run of the same quote id (the CLI, a test)
    if (event.event === "message") {
      entry(event.negotiationId).messages.push({
        sequence: Number(event.sequence),
        sender: String(event.sender),
        content: String(event.content),
        decision: typeof event.decision === "string" ? event.decision : undefined,
        terms: event.terms,
        usage: (event.metadata as { usage?: StoredNegotiation["messages"][number]["usage"] } | undefined)?.usage,
      });
    } else if (event.event === "status" && isStatus(event.status)) {
      const negotiation = entry(event.negotiationId);
      negotiation.status = event.status;
      negotiation.rounds = typeof event.round === "number" ? event.round : undefined;
      negotiation.reason = typeof event.reason === "string" ? event.reason : undefined;
      negotiation.finalOffer = event.finalOffer;
    }
  }
  return journalOf([...negotiations.values()]);
}

/** One transcript line; a line cut short by a crash mid-write is no event. */
function parseLine(line: string): (Record<string, unknown> & { event: string; negotiationId: string }) | null {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "object" || value === null) return null;
    const record = value as Record<string, unknown>;
    return typeof record.event === "string" && typeof record.negotiationId === "string"
      ? (record as Record<string, unknown> & { event: string; negotiationId: string })
      : null;
  } catch {
    return null;
  }
}

const STATUSES: readonly NegotiationStatus[] = ["pending", "active", "completed", "impasse", "failed", "cancelled"];

function isStatus(value: unknown): value is NegotiationStatus {
  return STATUSES.includes(value as NegotiationStatus);
}

import { createWriteStream, mkdirSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import type { DeliveryReport, NegotiationSink } from "./negotiation-sink";

/**
 * The local sink used when no Convex deployment is configured: one JSON line per final message,
 * status change and offer, appended to `<dir>/<quoteId>.jsonl` through a buffered stream so
 * writing never holds up a negotiation. Streamed partial text is not kept; the final message is.
 */
export function createTranscriptSink(dir: string, quoteId: string): NegotiationSink & { file: string } {
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
    out.write(`${JSON.stringify({ event, at: new Date().toISOString(), ...data })}\n`);
  };
  return {
    file,
    onMessage: (message) => write("message", message),
    onStatusChange: (change) => write("status", change),
    onOfferReceived: (offer) => write("offer", offer),
    recordRecommendation: (quoteId, recommendation) => write("recommendation", { quoteId, ...recommendation }),
    recordFailure: (quoteId, reason) => write("run-failed", { quoteId, reason }),
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

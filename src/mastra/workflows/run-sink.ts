import type { RequestContext } from "@mastra/core/request-context";
import type { SinkTarget } from "../storage/create-sink";
import type { DeliveryReport, NegotiationSink } from "../storage/negotiation-sink";
import { resolveRunIdentity, type RunIdentity } from "./run-identity";

/** What opening a run's sink takes. */
export interface RunSinkDeps {
  /** Where messages are persisted for this run: Convex (with a write token), or a local transcript. */
  createSink(target: SinkTarget): NegotiationSink;
  /** MASTRA_AUTH_SECRET: turns a run's grant into its write token. Without it no run writes to Convex. */
  authSecret?: string;
}

/** The run as one of its steps (or its end) sees it: who it is, and where it writes. */
export interface RunSink {
  identity: RunIdentity;
  sink: NegotiationSink;
  /** Waits for every write to land (or fail for good), logs any that could not be delivered, and reports. */
  flush(): Promise<DeliveryReport>;
}

/**
 * The run's identity, decided from its verified caller (run-identity.ts; throws when the caller's
 * grant is not for this run), and the sink that identity may write to. Each step, and the run's
 * end, opens its own: what it writes is flushed before it returns.
 */
export async function openRunSink(
  deps: RunSinkDeps,
  run: {
    requestContext: RequestContext | undefined;
    runId: string;
    /** The ids the input names, checked against the grant. */
    input: { quoteId?: string | undefined; userId?: string | undefined };
  },
): Promise<RunSink> {
  const identity = await resolveRunIdentity({ ...run, authSecret: deps.authSecret });
  const sink = deps.createSink(sinkTarget(identity, run.runId));
  return {
    identity,
    sink,
    flush: async () => {
      const report = await sink.flush();
      logUndelivered(report);
      return report;
    },
  };
}

function sinkTarget(identity: RunIdentity, runId: string): SinkTarget {
  const target = { quoteId: identity.quoteId, userId: identity.userId, runId };
  return identity.kind === "convex" ? { ...target, writeToken: identity.writeToken } : target;
}

function logUndelivered(report: DeliveryReport): void {
  if (report.undelivered.length === 0) return;
  console.error(`${report.undelivered.length} write(s) to ${report.destination} could not be delivered:`);
  for (const write of report.undelivered) {
    console.error(
      `  negotiation ${write.negotiationId} ${write.kind}${write.sequence === undefined ? "" : ` #${write.sequence}`}: ${write.reason}`,
    );
  }
}

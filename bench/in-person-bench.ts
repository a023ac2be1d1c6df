import type { ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../src/server/_generated/api";
import type { Terms } from "../src/domain/offer";
import { startMastraProcess } from "../src/stack/start-stack";
import { mastraProcessDeployment } from "./mastra-process-deployment";
import { signUp } from "../src/__tests__/helpers/sign-up";
import { SAMPLE_QUOTE } from "../src/cli/sample-quote";
import { waitFor } from "./crash-bench";

export interface InPersonFigures {
  /** Reply sent → the negotiator's answer on the supplier's page, while the agents still negotiate. */
  whileBusyMs: number;
  /** The same once the run is suspended (every agent's negotiation ended). */
  suspendedMs: number[];
  /** The same for the first reply after the Mastra server was killed while waiting and started again. */
  afterRestartMs: number;
  quoteStatus: string;
}

const IN_PERSON = "porto-knitworks";

/**
 * `npm run bench -- in-person`: a quote with Porto Knitworks answering in person and two agents, on
 * a Mastra server process and the local backend. The supplier replies through their link (over
 * HTTP, as their page would) and the time until the negotiator's answer shows on their page is
 * taken: once while the agents still negotiate, then with the run suspended, then after a `kill -9`
 * of the server while it waits.
 */
export async function benchInPerson(latencyMs: number, tokenDelayMs: number): Promise<InPersonFigures> {
  const { backend, mastraEnv: env, close } = await mastraProcessDeployment("in-person", latencyMs, tokenDelayMs);
  let server: ChildProcess | undefined;
  try {
    server = (await startMastraProcess(env)).child;
    const buyer = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    buyer.setAuth(await signUp(backend.url, "bench@example.com"));
    const supplier = new ConvexHttpClient(backend.url, { skipConvexDeploymentUrlCheck: true, logger: false });
    const quoteId = await buyer.mutation(api.quotes.create, {
      ...SAMPLE_QUOTE,
      supplierIds: ["apex-textiles", IN_PERSON, "anatolia-apparel"],
      inPersonSupplierIds: [IN_PERSON],
      maxRounds: 8,
    });
    const [link] = await buyer.query(api.supplierLinks.forQuote, { quoteId });
    const token = link!.token!;
    const page = async () => (await supplier.query(api.supplierPortal.view, { token }))!;
    /** Replies with an offer 30 % over the negotiator's last terms; answers how long its answer took to show. */
    const reply = async (messages: number): Promise<number> => {
      const view = await waitFor(page, (v) => v.stage === "your-turn" && v.messages.length === messages);
      const sentAt = performance.now();
      await supplier.mutation(api.supplierPortal.reply, {
        token,
        reply: { decision: "offer", terms: raised(view.messages.at(-1)!.terms!, 1.3), message: "" },
      });
      await waitFor(page, (v) => v.messages.length > messages + 1);
      return performance.now() - sentAt;
    };
    const agentsEnded = () =>
      waitFor(
        () => buyer.query(api.negotiations.listByQuote, { quoteId }),
        (all) =>
          all.filter((n) => n.supplierId !== IN_PERSON).every((n) => ["completed", "impasse"].includes(n.status)),
      );

    const whileBusyMs = await reply(1);
    await agentsEnded();
    const suspendedMs = [await reply(3), await reply(5)];
    await waitFor(page, (v) => v.stage === "your-turn" && v.messages.length === 7);
    server.kill("SIGKILL");
    await new Promise((resolve) => server!.once("exit", resolve));
    server = (await startMastraProcess(env)).child;
    const afterRestartMs = await reply(7);
    // The negotiator's answer may have ended it (a walk-away); otherwise the supplier accepts.
    const last = await waitFor(page, (v) => v.stage !== "their-turn");
    if (last.stage === "your-turn") {
      await supplier.mutation(api.supplierPortal.reply, { token, reply: { decision: "accept", message: "" } });
    }
    const quote = await waitFor(
      () => buyer.query(api.quotes.get, { quoteId }),
      (q) => q?.status !== "negotiating",
    );
    return { whileBusyMs, suspendedMs, afterRestartMs, quoteStatus: quote?.status ?? "gone" };
  } finally {
    server?.kill("SIGKILL");
    await close();
  }
}

function raised(terms: Terms, factor: number): Terms {
  return {
    ...terms,
    lines: terms.lines.map((l) => ({ ...l, unitPrice: Math.round(l.unitPrice * factor * 100) / 100 })),
  };
}

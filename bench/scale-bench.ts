import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { SAMPLE_QUOTE } from "../src/cli/sample-quote";
import { startLocalBackend, type LocalBackend } from "../src/dev-backend/local-backend";
import { FaultyNetwork } from "../src/__tests__/helpers/faults";
import { deriveWriteToken, randomHex32, sha256Hex } from "../src/shared/run-credentials";
import { BUILT_IN_SUPPLIERS, type SupplierProfile } from "../src/domain/suppliers";
import { syntheticSuppliers } from "./synthetic-suppliers";
import type { Id } from "../src/server/_generated/dataModel";
import type { Pacing, ScaleResult, ScaleScenario } from "./scale-types";
import { faultMix } from "./fault-mix";
import { checkTranscripts, type EngineMessage } from "./transcript-integrity";
import { runOnServers } from "./scale-servers";

export const AUTH_SECRET = "scale-bench-secret-0123456789abcdef0123456789";

export interface ScaleOptions {
  ns: number[];
  pacings: Pacing[];
  persistence: Array<"none" | "convex">;
  capMs: number;
  roundTripMs: number;
  /** Suppliers per quote: 3 (the built-ins) and/or 50 (synthetic profiles, the most a quote may invite). */
  perQuote: number[];
  /** Issue 19's fault mix on the local backend's network (with Convex only). */
  faults?: "mix";
  /** Profile each scenario's measured run and report where its CPU went. */
  profile?: boolean;
  /** Server processes sharing each scenario's quotes (default 1). */
  servers?: number;
}

/** The suppliers each quote invites: the built-in three, or that many synthetic profiles. */
function suppliersFor(perQuote: number): SupplierProfile[] {
  return perQuote === BUILT_IN_SUPPLIERS.length ? [...BUILT_IN_SUPPLIERS] : syntheticSuppliers(perQuote);
}

/** Quotes, negotiations and run grants written straight into the local deployment, as the trigger would. */
export async function seedQuotes(backend: LocalBackend, quotes: number, suppliers: readonly SupplierProfile[]) {
  const seeded: ScaleScenario["quotes"] = [];
  for (let i = 0; i < quotes; i++) {
    const runNonce = randomHex32();
    const ids = await backend.backend.run(async (ctx) => {
      const now = Date.now();
      const quoteId = await ctx.db.insert("quotes", {
        ownerId: "bench",
        products: SAMPLE_QUOTE.products,
        priorities: SAMPLE_QUOTE.priorities,
        userNotes: SAMPLE_QUOTE.userNotes ?? "",
        supplierIds: suppliers.map((s) => s.id),
        maxRounds: 4,
        status: "negotiating",
        createdAt: now,
        updatedAt: now,
      });
      const negotiationIds: string[] = [];
      for (const supplier of suppliers) {
        negotiationIds.push(
          await ctx.db.insert("negotiations", {
            quoteId: quoteId as Id<"quotes">,
            supplierId: supplier.id,
            supplierName: supplier.name,
            status: "pending",
            roundCount: 0,
            updatedAt: now,
          }),
        );
      }
      return { quoteId: quoteId as string, negotiationIds };
    });
    const runId = ids.quoteId;
    const writeTokenHash = await sha256Hex(
      await deriveWriteToken(AUTH_SECRET, { quoteId: ids.quoteId, runId, runNonce }),
    );
    await backend.backend.run(async (ctx) => {
      await ctx.db.patch("quotes", ids.quoteId as Id<"quotes">, { workflowRunId: runId, writeTokenHash });
    });
    seeded.push({ ...ids, runId, runNonce });
  }
  return seeded;
}

/** Runs each scenario in its own process, or `servers` of them (the local Convex backend, when used, runs here). */
export async function benchScale(options: ScaleOptions, report: (result: ScaleResult) => void): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  const transcriptDir = await mkdtemp(path.join(os.tmpdir(), "scale-bench-"));
  try {
    for (const persistence of options.persistence) {
      for (const pacing of options.pacings) {
        for (const [perQuote, n] of options.perQuote.flatMap((p) =>
          // A 50-supplier quote is 50 negotiations already: it is measured from N = 50 up.
          options.ns.filter((n) => n >= p).map((n) => [p, n] as const),
        )) {
          const suppliers = suppliersFor(perQuote);
          const quotes = Math.max(1, Math.round(n / perQuote));
          const backend =
            persistence === "convex"
              ? await startLocalBackend({
                  conditions: new FaultyNetwork(
                    { roundTripMs: options.roundTripMs },
                    options.faults ? faultMix() : undefined,
                  ),
                  pollIntervalMs: 60_000,
                })
              : undefined;
          try {
            const checked = backend !== undefined && options.faults !== undefined;
            const scenario: ScaleScenario = {
              label: {
                n: quotes * perQuote,
                perQuote,
                pacing,
                persistence,
                ...(checked ? { faults: options.faults } : {}),
              },
              ...(checked ? { finalsFile: path.join(transcriptDir, "finals.json") } : {}),
              n: quotes * perQuote,
              pacing,
              suppliers,
              quotes: backend
                ? await seedQuotes(backend, quotes, suppliers)
                : Array.from({ length: quotes }, (_, i) => ({ quoteId: `bench-q${i}` })),
              ...(backend ? { convexUrl: backend.url, authSecret: AUTH_SECRET } : {}),
              transcriptDir,
              capMs: options.capMs,
              ...(options.profile ? { profile: true } : {}),
            };
            const result = await runOnServers(scenario, options.servers ?? 1, transcriptDir);
            if (backend && scenario.finalsFile) {
              const engine = JSON.parse(await readFile(scenario.finalsFile, "utf8")) as EngineMessage[];
              result.integrity = await checkTranscripts(backend, engine);
            }
            results.push(result);
            report(result);
          } finally {
            await backend?.close();
          }
        }
      }
    }
  } finally {
    await rm(transcriptDir, { recursive: true, force: true });
  }
  return results;
}

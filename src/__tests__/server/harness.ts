import rateLimiter from "@convex-dev/rate-limiter/test";
import { convexTest } from "convex-test";
import type { FunctionArgs } from "convex/server";
import { afterEach, beforeEach, expect, vi } from "vitest";
import schema from "../../server/schema";
import { modules } from "../../server/test.modules";
import type { Id } from "../../server/_generated/dataModel";
import { api } from "../../server/_generated/api";
import type { Terms } from "../../server/model/validators";
import { deriveWriteToken, randomHex32, sha256Hex } from "../../shared/run-credentials";

/** Shared set-up for the Convex suites: a fresh mock backend, identities, and a valid quote. */

/** MASTRA_AUTH_SECRET of the fake deployment (and of the Mastra server in end-to-end suites). */
export const AUTH_SECRET = "test-mastra-auth-secret-0123456789abcdef";
export const MASTRA_URL = "http://mastra.test:4111";

export function newBackend() {
  const t = convexTest(schema, modules);
  // The app's components (src/server/convex.config.ts), as a deployment has them.
  rateLimiter.register(t);
  return t;
}
export type Backend = ReturnType<typeof newBackend>;

/**
 * Every Convex suite runs on fake timers (scheduled functions fire only when a test says so) against
 * a configured deployment, and leaves nothing stubbed behind. Call once at the top of a test file.
 */
export function useFakeDeployment(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    configureDeployment();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
}

export function configureDeployment(env: { MASTRA_AUTH_SECRET?: string; MASTRA_URL?: string } = {}): void {
  vi.stubEnv("MASTRA_AUTH_SECRET", env.MASTRA_AUTH_SECRET ?? AUTH_SECRET);
  vi.stubEnv("MASTRA_URL", env.MASTRA_URL ?? MASTRA_URL);
}

/**
 * Makes the test the quote's current run, as `recordRunStarted` does for a real one: a fresh grant,
 * its token's hash on the quote. Returns the write token. Any earlier run's token stops working.
 */
export async function grantWrites(t: Backend, quoteId: Id<"quotes">, runId: string = quoteId): Promise<string> {
  const writeToken = await deriveWriteToken(AUTH_SECRET, { quoteId, runId, runNonce: randomHex32() });
  const writeTokenHash = await sha256Hex(writeToken);
  await t.run(async (ctx) => ctx.db.patch(quoteId, { writeTokenHash }));
  return writeToken;
}

type Client = ReturnType<Backend["withIdentity"]>;
type BuyerClient = Pick<Client, "query" | "mutation" | "action">;

/** Each backend's buyers by name: the subject of their live session's token. */
const sessions = new WeakMap<Backend, Map<string, Promise<string>>>();

/**
 * The subject of a signed-in buyer's token, as Convex Auth makes it: `<userId>|<sessionId>`, with
 * a user and a live session behind it (created on first use). Reads and writes check that the
 * session still exists, so a bare name would be a signed-out caller.
 */
export function sessionSubject(t: Backend, name: string): Promise<string> {
  const known = sessions.get(t) ?? new Map<string, Promise<string>>();
  sessions.set(t, known);
  let subject = known.get(name);
  if (subject === undefined) {
    subject = t.run(async (ctx) => {
      const userId = await ctx.db.insert("users", { name });
      const sessionId = await ctx.db.insert("authSessions", { userId, expirationTime: Date.now() + 30 * 86_400_000 });
      return `${userId}|${sessionId}`;
    });
    known.set(name, subject);
  }
  return subject;
}

/** The user id of the buyer called `name` (the quote's `ownerId`). */
export async function userIdOf(t: Backend, name: string): Promise<string> {
  return (await sessionSubject(t, name)).split("|")[0]!;
}

/** The signed-in buyer called `name`, calling the deployment's functions. */
export function buyer(t: Backend, name: string): BuyerClient {
  const client = async () => t.withIdentity({ subject: await sessionSubject(t, name) });
  const query: Client["query"] = async (fn, ...args) => (await client()).query(fn, ...args);
  const mutation: Client["mutation"] = async (fn, ...args) => (await client()).mutation(fn, ...args);
  const action: Client["action"] = async (fn, ...args) => (await client()).action(fn, ...args);
  return { query, mutation, action };
}

export const validQuote = {
  products: [
    { productId: "organic-tshirt", quantity: 1200, maxUnitPrice: 6 },
    { productId: "canvas-tote", quantity: 800 },
  ],
  priorities: { price: 3, quality: 2, speed: 1, reliability: 1 },
  userNotes: "Organic certification required.",
};

/**
 * Creates a quote as `owner`. Suites that are not about the workflow run with fake timers and
 * never advance them, so the scheduled start stays pending and the quote stays "starting".
 */
export async function createQuote(
  t: Backend,
  owner = "alice",
  overrides: Partial<FunctionArgs<typeof api.quotes.create>> = {},
): Promise<{ quoteId: Id<"quotes">; negotiationIds: Id<"negotiations">[]; writeToken: string }> {
  const quoteId = await buyer(t, owner).mutation(api.quotes.create, { ...validQuote, ...overrides });
  // In the quote's supplier order (apex, porto, anatolia by default), as the workflow pairs them.
  const negotiationIds = await t.run(async (ctx) => {
    const quote = await ctx.db.get(quoteId);
    const rows = await ctx.db
      .query("negotiations")
      .withIndex("by_quoteId_and_supplierId", (q) => q.eq("quoteId", quoteId))
      .collect();
    return (quote?.supplierIds ?? []).map((supplierId) => rows.find((n) => n.supplierId === supplierId)!._id);
  });
  // Good until the quote's real run starts (when a suite lets the scheduled start happen).
  const writeToken = await grantWrites(t, quoteId);
  return { quoteId, negotiationIds, writeToken };
}

/**
 * Lets `ms` of fake time pass: runs every scheduled function that falls due in that window, in time
 * order, along with the timers their actions wait on (retry pauses), each at the time it is due.
 * Anything due later stays pending, notably the watchdog's next check, so a suite can let one check
 * happen at a time instead of chasing a chain that reschedules itself for as long as the run lives.
 *
 * `vi.runAllTimers` cannot do that: it fires every timer however far ahead. Vitest has no public
 * way to ask when the next timer is due, so this reads it off the fake clock (@sinonjs/fake-timers)
 * that `vi.useFakeTimers()` hangs on `setTimeout`.
 */
export async function runScheduledWithin(t: Backend, ms: number): Promise<void> {
  const until = Date.now() + ms;
  await t.finishAllScheduledFunctions(() => {
    const next = nextTimerAt();
    if (next !== undefined && next <= until) vi.advanceTimersToNextTimer();
  });
  if (Date.now() < until) vi.advanceTimersByTime(until - Date.now());
}

interface FakeClock {
  timers?: Map<number, { callAt: number }>;
}

function nextTimerAt(): number | undefined {
  const clock = (globalThis.setTimeout as typeof setTimeout & { clock?: FakeClock }).clock;
  if (!clock) throw new Error("runScheduledWithin needs fake timers: call vi.useFakeTimers() first");
  let next: number | undefined;
  for (const timer of clock.timers?.values() ?? []) {
    if (next === undefined || timer.callAt < next) next = timer.callAt;
  }
  return next;
}

export async function countRows(t: Backend): Promise<{ quotes: number; negotiations: number; messages: number }> {
  return await t.run(async (ctx) => ({
    quotes: (await ctx.db.query("quotes").collect()).length,
    negotiations: (await ctx.db.query("negotiations").collect()).length,
    messages: (await ctx.db.query("messages").collect()).length,
  }));
}

export const sampleTerms: Terms = {
  lines: [
    { productId: "organic-tshirt", quantity: 1200, unitPrice: 5.9 },
    { productId: "canvas-tote", quantity: 800, unitPrice: 3.1 },
  ],
  leadTimeDays: 21,
  paymentTerms: "net-30",
  validityDays: 14,
};

/** Why `quotes.create` refused the valid quote changed by `args`, asked for by `owner`. */
export async function createRejection(t: Backend, args: Record<string, unknown>, owner = "alice"): Promise<string> {
  const error = await buyer(t, owner)
    .mutation(api.quotes.create, { ...validQuote, ...args } as typeof validQuote)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error, "expected create to be rejected").toBeInstanceOf(Error);
  return (error as Error).message;
}

import { appendFile, cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateAuthKeys, type AuthKeys } from "../../dev-backend/auth-keys";
import { deploymentInternals } from "../../dev-backend/convex-test-internals";
import { snapshotText } from "../../dev-backend/deployment-files";
import { startLocalBackend, type LocalBackend } from "../../dev-backend/local-backend";
import { api, internal } from "../../server/_generated/api";
import { freePort } from "../../stack/free-port";
import { signUp, TEST_PASSWORD } from "../helpers/sign-up";
import { validQuote } from "../server/harness";

/*
 * The local backend with a data folder (`npm start`): everything committed comes back after a
 * restart, with the same ids, and what a kill leaves on disk (the folder as it is the moment a write
 * is answered) is enough to start from.
 */

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "durable-backend-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** One life of a deployment on `dir`, on a fixed port and keys, as `npm start` keeps them across restarts. */
async function start(dir: string, port: number, keys: AuthKeys): Promise<LocalBackend> {
  vi.stubEnv("JWT_PRIVATE_KEY", keys.JWT_PRIVATE_KEY);
  vi.stubEnv("JWKS", keys.JWKS);
  vi.stubEnv("CONVEX_SITE_URL", `http://127.0.0.1:${port}`);
  vi.stubEnv("MASTRA_AUTH_SECRET", "local-secret-local-secret-local-secret");
  vi.stubEnv("MASTRA_URL", "http://127.0.0.1:9");
  const backend = await startLocalBackend({ port, dataDir: dir });
  cleanups.push(() => backend.close());
  return backend;
}

function client(url: string, token?: string): ConvexHttpClient {
  const http = new ConvexHttpClient(url, { skipConvexDeploymentUrlCheck: true, logger: false });
  if (token) http.setAuth(token);
  return http;
}

async function signIn(url: string, email: string): Promise<string | undefined> {
  const result = await client(url).action(api.auth.signIn, {
    provider: "password",
    params: { email, password: TEST_PASSWORD, flow: "signIn" },
  });
  return result.tokens?.token;
}

/** Every component's documents and id counters, in a stable order. */
async function contents(backend: LocalBackend): Promise<string[]> {
  return snapshotText(await deploymentInternals(backend.backend))
    .split("\n")
    .sort();
}

describe("the local backend with a data folder", () => {
  it("comes back after a restart with every account, quote and component row, ids and all", async () => {
    const dir = await folder();
    const [port, keys] = [await freePort(), await generateAuthKeys()];
    const first = await start(dir, port, keys);
    const token = await signUp(first.url, "ada@example.com");
    const quoteId = await client(first.url, token).mutation(api.quotes.create, validQuote);
    // The scheduled start fails (no Mastra server) and says so on the quote: wait for that write too.
    await vi.waitFor(async () => {
      expect((await client(first.url, token).query(api.quotes.get, { quoteId }))?.status).toBe("failed");
    }, 20_000);
    const before = await contents(first);
    await first.close();

    const second = await start(dir, port, keys);
    const after = await contents(second);
    // Everything is as it was, except that the one function still due (the check on the quote's
    // start, five minutes on) is armed again: its row cancelled, a new one due at the same time.
    const isJob = (line: string) => line.includes('_scheduled_functions"') || line.startsWith('{"snapshot"');
    expect(after.filter((line) => !isJob(line))).toEqual(before.filter((line) => !isJob(line)));
    const pendingChecks = (lines: string[]) =>
      lines
        .filter((line) => line.includes("workflowTrigger:checkRunStarted") && line.includes('"kind":"pending"'))
        .map((line) => (JSON.parse(line) as [string, { scheduledTime: number }])[1].scheduledTime);
    expect(pendingChecks(after)).toEqual(pendingChecks(before));
    expect(pendingChecks(after)).toHaveLength(1);
    expect(second.restored?.documents).toBeGreaterThan(0);
    // The same password signs the buyer in, and the session token from before is still good.
    const again = await signIn(second.url, "ada@example.com");
    expect(again).toBeDefined();
    const mine = await client(second.url, again).query(api.quotes.listMine, {});
    expect(mine.map((q) => q._id)).toEqual([quoteId]);
    expect(await client(second.url, token).query(api.quotes.get, { quoteId })).toMatchObject({ _id: quoteId });
    // New rows get new ids, never one of the old ones.
    const next = await client(second.url, again).mutation(api.quotes.create, validQuote);
    expect(next).not.toBe(quoteId);
  });

  it("starts from what a kill leaves on disk: every answered write, a half-written last line ignored", async () => {
    const dir = await folder();
    const [port, keys] = [await freePort(), await generateAuthKeys()];
    const live = await start(dir, port, keys);
    const token = await signUp(live.url, "ada@example.com");
    const quoteId = await client(live.url, token).mutation(api.quotes.create, validQuote);
    // The folder as it is the moment the write was answered, as a SIGKILL would leave it.
    const crashed = await folder();
    await cp(dir, crashed, { recursive: true });
    const journal = (await readdir(crashed)).find((name) => name.startsWith("journal-"))!;
    await appendFile(path.join(crashed, journal), '{"c":[{"p":"","n":1,"t":1,"w":[["x",');
    await live.close();

    const after = await start(crashed, port, keys);
    const mine = await client(after.url, await signIn(after.url, "ada@example.com")).query(api.quotes.listMine, {});
    expect(mine.map((q) => q._id)).toEqual([quoteId]);
  });

  it("runs a scheduled function that was still due when the process stopped", async () => {
    const dir = await folder();
    const [port, keys] = [await freePort(), await generateAuthKeys()];
    const first = await start(dir, port, keys);
    await first.backend.run(async (ctx) => {
      await ctx.scheduler.runAfter(1_000, internal.suppliers.seed, {});
    });
    const crashed = await folder();
    await cp(dir, crashed, { recursive: true });
    await first.close();

    const second = await start(crashed, port, keys);
    expect(second.restored?.scheduled).toBe(1);
    await vi.waitFor(async () => {
      expect(await second.backend.run(async (ctx) => (await ctx.db.query("suppliers").take(10)).length)).toBe(3);
    }, 20_000);
  });
});

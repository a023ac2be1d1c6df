import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MastraWorkflowApi, MastraHttpError } from "../../server/model/mastraApi";
import { readMastraServer } from "../../server/model/mastraUrl";

/*
 * MASTRA_URL may list several Mastra servers sharing one Postgres store: Convex's calls go to the
 * first that answers, a server that is down is skipped, and a cancel reaches every server (only the
 * one executing the run can abort it). Real HTTP servers on local ports; a down one is a closed port.
 */

const SECRET = "fleet-secret-fleet-secret-fleet-secret";
const servers: Server[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server answering every request with `status` and `body`, recording the paths it was asked. */
async function server(status: number, body: unknown): Promise<{ url: string; paths: string[] }> {
  const paths: string[] = [];
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    paths.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  servers.push(http);
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, paths };
}

/** The address of a server that has stopped: nothing listens there. */
async function downServer(): Promise<string> {
  const { url } = await server(200, {});
  const stopped = servers.pop()!;
  await new Promise((resolve) => stopped.close(resolve));
  return url;
}

describe("several Mastra servers behind one MASTRA_URL", () => {
  it("a call skips a server that is down or restarting and is answered by the next", async () => {
    const down = await downServer();
    const restarting = await server(503, { error: "starting" });
    const up = await server(200, { runId: "quote-1" });
    // Whichever server the run's order starts at, the one that is up answers.
    for (const order of [
      [down, restarting.url, up.url],
      [up.url, down, restarting.url],
      [restarting.url, up.url, down],
    ]) {
      expect(await new MastraWorkflowApi(order, SECRET).createRun("quote-1")).toBe("quote-1");
    }
    expect(up.paths.filter((p) => p.startsWith("POST /api/workflows/negotiationWorkflow/create-run"))).toHaveLength(3);
  });

  it("every call about one run asks the same server first, and runs spread over the servers", async () => {
    const a = await server(200, { runId: "x", status: "running" });
    const b = await server(200, { runId: "x", status: "running" });
    const api = new MastraWorkflowApi([a.url, b.url], SECRET);
    const runs = Array.from({ length: 20 }, (_, i) => `quote-${i}`);
    for (const runId of runs) {
      await api.getRunStatus(runId);
      await api.getRunStatus(runId);
    }
    expect(a.paths.length + b.paths.length).toBe(40);
    expect(a.paths.length).toBeGreaterThan(0);
    expect(b.paths.length).toBeGreaterThan(0);
    // The two asks about one run went to one server.
    for (const runId of runs) {
      const asked = [a, b].filter((s) => s.paths.some((p) => p.includes(`/runs/${runId}`) && p.endsWith(runId)));
      expect(asked).toHaveLength(1);
    }
  });

  it("an answer that is the run's own (a refusal) is final: the next server is not asked", async () => {
    const a = await server(409, { error: "run quote-1 has already been started; a run starts once" });
    const b = await server(409, { error: "run quote-1 has already been started; a run starts once" });
    const refused = await new MastraWorkflowApi([a.url, b.url], SECRET).createRun("quote-1").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MastraHttpError);
    expect((refused as MastraHttpError).status).toBe(409);
    expect(a.paths.length + b.paths.length).toBe(1);
  });

  it("a cancel reaches every server, and fails only when none could be asked", async () => {
    const a = await server(200, { message: "cancelled" });
    const b = await server(200, { message: "cancelled" });
    const down = await downServer();
    await new MastraWorkflowApi([a.url, down, b.url], SECRET).cancelRun("quote-1");
    expect(a.paths).toEqual(["POST /api/workflows/negotiationWorkflow/runs/quote-1/cancel"]);
    expect(b.paths).toEqual(["POST /api/workflows/negotiationWorkflow/runs/quote-1/cancel"]);
    await expect(new MastraWorkflowApi([down], SECRET).cancelRun("quote-1")).rejects.toThrow(/ECONNREFUSED/);
  });

  it("MASTRA_URL takes a list separated by commas or spaces, and names an entry that is not a URL", () => {
    vi.stubEnv("MASTRA_AUTH_SECRET", SECRET);
    vi.stubEnv("MASTRA_URL", " https://a.example, https://b.example  https://c.example ");
    expect(readMastraServer()).toEqual({
      urls: ["https://a.example", "https://b.example", "https://c.example"],
      secret: SECRET,
    });
    vi.stubEnv("MASTRA_URL", "https://a.example,mastra-b:4111");
    expect(readMastraServer()).toEqual({
      problem: 'The Mastra server could not be reached: MASTRA_URL "mastra-b:4111" is not an http(s) URL.',
    });
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A Convex HTTP API stand-in for benchmarks: every function call succeeds after a fixed round
 * trip. It keeps the last content per (negotiation, sequence) so a benchmark can check that the
 * design it measures lost nothing. (The tests' stand-in runs the real functions; here only the
 * network shape matters.)
 */
export async function startLatencyConvexServer(roundTripMs: number) {
  const finals = new Map<string, string>();
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        path: string;
        args: { negotiationId?: string; sequence?: number; content?: string }[];
      };
      const args = body.args[0] ?? {};
      if (body.path === "negotiations:addMessage")
        finals.set(`${args.negotiationId}#${args.sequence}`, args.content ?? "");
      void sleep(roundTripMs).then(() => {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ status: "success", value: null, logLines: [] }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    finals,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

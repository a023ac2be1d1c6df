import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createHonoServer } from "@mastra/deployer/server";
import type { Mastra } from "@mastra/core/mastra";

/** Serves the real Mastra REST API (the one `mastra dev` serves) for a Mastra instance on a free
 *  loopback port, so a Convex action can start workflow runs over HTTP as in production. */
export async function startMastraHttpServer(mastra: Mastra) {
  const app = await createHonoServer(mastra, { tools: {} });
  const server = createServer((req, res) => {
    toRequest(req)
      .then((request) => app.fetch(request))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method: req.method ?? "GET",
    headers,
    ...(body ? { body } : {}),
  });
}

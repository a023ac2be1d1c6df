import { createServer, type IncomingMessage } from "node:http";
import { createHonoServer } from "@mastra/deployer/server";
import type { Mastra } from "@mastra/core/mastra";
import { listen } from "../dev-backend/listen";

/** Serves the real Mastra REST API (the one `mastra dev` serves) for a Mastra instance, in-process:
 *  Convex starts workflow runs on it over HTTP as in production. Port 0 picks a free one. */
export async function startMastraHttpServer(mastra: Mastra, options: { port?: number; host?: string } = {}) {
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
  const host = options.host ?? "127.0.0.1";
  const port = await listen(server, options.port ?? 0, host, "Mastra server");
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

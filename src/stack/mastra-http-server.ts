import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { createHonoServer } from "@mastra/deployer/server";
import type { Mastra } from "@mastra/core/mastra";
import { listen } from "../dev-backend/listen";
import { refuseOversizedBody } from "../dev-backend/request-body";

/**
 * Serves the real Mastra REST API (the one `mastra dev` serves) for a Mastra instance, in-process:
 * Convex starts workflow runs on it over HTTP as in production. Port 0 picks a free one.
 *
 * Bodies are capped here, in front of Mastra: Mastra's own request-context middleware parses every
 * JSON body before any route, auth or user middleware runs, so a 150 MB body would be buffered
 * whole before anything could refuse it.
 */
export async function startMastraHttpServer(mastra: Mastra, options: { port?: number; host?: string } = {}) {
  const app = await createHonoServer(mastra, { tools: {} });
  const serveMastra = getRequestListener(app.fetch);
  const server = createServer((req, res) => {
    if (!refuseOversizedBody(req, res)) void serveMastra(req, res);
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

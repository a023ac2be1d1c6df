import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The largest request body the local servers (the Convex backend, `npm start`'s Mastra server)
 * accept. A quote inviting 50 suppliers, with every profile in the run's input, is about 60 KB.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses a request whose body is too large before a byte of it is read (and before any caller is
 * checked): 413 when its declared length is over `maxBytes`, 411 when a body comes without a
 * declared length. True when it answered. Every client of these servers (fetch, ConvexHttpClient,
 * Studio) declares its length; an undeclared one could only be measured by reading it.
 */
export function refuseOversizedBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number = MAX_REQUEST_BODY_BYTES,
): boolean {
  if (!BODY_METHODS.has(req.method ?? "GET")) return false;
  const declared = req.headers["content-length"];
  if (declared === undefined) {
    if (req.headers["transfer-encoding"] === undefined) return false;
    refuse(res, 411, "a request body must declare its length (Content-Length)");
    return true;
  }
  if (Number(declared) <= maxBytes) return false;
  refuse(res, 413, `a request body may be at most ${maxBytes} bytes`);
  return true;
}

/** The whole body of a request already let through `refuseOversizedBody`, never more than `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number = MAX_REQUEST_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Only a body that lied about its length gets here: stop reading it.
      if (size > maxBytes) req.destroy(new Error(`request body over ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Answers and closes the connection, so a client still sending stops instead of being read. */
function refuse(res: ServerResponse, status: number, error: string): void {
  res.writeHead(status, { "content-type": "application/json", connection: "close" }).end(JSON.stringify({ error }));
}

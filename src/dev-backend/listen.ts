import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Listens on `port` (0 = any free one); a port already taken is named in the error. */
export async function listen(server: Server, port: number, host: string, what: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`${what}: port ${port} on ${host} is already in use (stop what holds it, or choose another port)`)
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

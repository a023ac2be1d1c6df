import { startLocalBackend } from "../dev-backend/local-backend";
import { seedSuppliers } from "./seed-suppliers";
import { failStartup, report, type BackendCommand } from "./child-protocol";

/**
 * The local Convex backend as a process of its own, so its `process.env` is exactly the deployment
 * env the stack built for it (src/stack/stack-env.ts).
 */
async function main() {
  const backend = await startLocalBackend({ port: Number(process.env.LOCAL_BACKEND_PORT ?? 0), host: "127.0.0.1" });
  // `npm start -- --suppliers <file>`: the directory the form offers, before anyone can sign in.
  if (process.env.LOCAL_SUPPLIERS_FILE) await seedSuppliers(backend.backend, process.env.LOCAL_SUPPLIERS_FILE);
  process.on("message", (command: BackendCommand) => {
    if (command.type === "drop-sockets") backend.dropSockets(command.refuseForMs);
    if (command.type === "set-faults") Object.assign(backend.faults, command.faults);
  });
  process.on("disconnect", () => void backend.close().then(() => process.exit(0)));
  report({ type: "ready", url: backend.url });
}

main().catch(failStartup);

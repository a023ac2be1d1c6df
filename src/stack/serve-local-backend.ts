import type { NetworkConditions } from "../dev-backend/network-conditions";
import { startLocalBackend, type LocalBackend } from "../dev-backend/local-backend";
import { report } from "./child-protocol";
import { seedSuppliers } from "./seed-suppliers";

/**
 * The local Convex backend as a child of the stack: on the port and with the deployment env the
 * stack gave it (src/stack/stack-env.ts), its data folder loaded (when it has one), the supplier file seeded, closed when the parent goes,
 * its URL told to the parent. `npm start` runs it as it is (backend-process.ts); a test's entry may
 * hand it network conditions (src/__tests__/helpers/backend-process-with-faults.ts).
 */
export async function serveLocalBackend(conditions?: NetworkConditions): Promise<LocalBackend> {
  const backend = await startLocalBackend({
    port: Number(process.env.LOCAL_BACKEND_PORT ?? 0),
    host: "127.0.0.1",
    ...(conditions ? { conditions } : {}),
    ...(process.env.LOCAL_BACKEND_DATA_DIR ? { dataDir: process.env.LOCAL_BACKEND_DATA_DIR } : {}),
  });
  // `npm start -- --suppliers <file>`: the directory the form offers, before anyone can sign in.
  if (process.env.LOCAL_SUPPLIERS_FILE) await seedSuppliers(backend.backend, process.env.LOCAL_SUPPLIERS_FILE);
  process.on("disconnect", () => void backend.close().then(() => process.exit(0)));
  report({ type: "ready", url: backend.url });
  return backend;
}

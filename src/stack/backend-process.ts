import { failStartup } from "./child-protocol";
import { serveLocalBackend } from "./serve-local-backend";

/**
 * The local Convex backend as a process of its own, so its `process.env` is exactly the deployment
 * env the stack built for it (src/stack/stack-env.ts).
 */
serveLocalBackend().catch(failStartup);

import { serverAuthFromEnv } from "../mastra/auth/server-auth";
import { createMastra } from "../mastra/create-mastra";
import { resumeInterruptedRuns } from "../mastra/workflows/resume-interrupted-runs";
import { failStartup, report } from "./child-protocol";
import { startMastraHttpServer } from "./mastra-http-server";

/**
 * The Mastra server (its real REST API, in-process via @mastra/deployer) configured from its env,
 * behind the same server auth as a deployment: only callers with a token signed with the stack's
 * MASTRA_AUTH_SECRET (the local backend's actions) get in. Once it listens, it resumes the runs its
 * store says were interrupted (a crash, a kill) from what they persisted.
 */
async function main() {
  const auth = serverAuthFromEnv(process.env);
  const mastra = createMastra({ authSecret: auth.secret }, process.env);
  const server = await startMastraHttpServer(mastra, { port: Number(process.env.MASTRA_PORT ?? 0), host: "127.0.0.1" });
  process.on("disconnect", () => void server.close().then(() => process.exit(0)));
  report({ type: "ready", url: server.url });
  const resumed = await resumeInterruptedRuns(mastra);
  if (resumed.length > 0)
    console.warn(`Resuming ${resumed.length} interrupted negotiation run(s): ${resumed.join(", ")}`);
}

main().catch(failStartup);

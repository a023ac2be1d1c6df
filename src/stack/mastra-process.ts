import { serverAuthFromEnv } from "../mastra/auth/server-auth";
import { createMastra } from "../mastra/create-mastra";
import { resumeInterruptedRuns } from "../mastra/workflows/resume-interrupted-runs";
import { runClaimsOf } from "../mastra/workflows/run-claims";
import { failStartup, report } from "./child-protocol";
import { startMastraHttpServer } from "./mastra-http-server";

/**
 * The Mastra server (its real REST API, in-process via @mastra/deployer) configured from its env,
 * behind the same server auth as a deployment: only callers with a token signed with the stack's
 * MASTRA_AUTH_SECRET (the local backend's actions) get in. Once it listens, it resumes the runs its
 * store says were interrupted (a crash, a kill) from what they persisted.
 *
 * Also the server to deploy (`npm run serve`, on MASTRA_HOST:MASTRA_PORT): unlike a `mastra build`
 * server it caps request bodies before anything reads them and resumes interrupted runs at boot.
 */
async function main() {
  const auth = serverAuthFromEnv(process.env);
  const mastra = createMastra({ authSecret: auth.secret }, process.env);
  const server = await startMastraHttpServer(mastra, {
    // Under `npm start` the stack gives the port; `npm run serve` alone listens where Mastra's own server would.
    port: Number(process.env.MASTRA_PORT ?? (process.send ? 0 : 4111)),
    host: process.env.MASTRA_HOST || "127.0.0.1",
  });
  process.on("disconnect", () => void server.close().then(() => process.exit(0)));
  report({ type: "ready", url: server.url });
  if (!process.send) console.log(`Mastra server listening on ${server.url}`);
  await resumeInterruptedRuns(mastra, runClaimsOf(mastra));
}

main().catch(failStartup);

import { serverAuthFromEnv, signDevToken, studioUrl } from "./auth/server-auth";
import { createMastra } from "./create-mastra";
import { resumeInterruptedRuns } from "./workflows/resume-interrupted-runs";
import { runClaimsOf } from "./workflows/run-claims";

/**
 * The one registry `mastra dev` and a `mastra build` server serve: agents and the negotiation
 * workflow, configured from env, behind the server's auth (src/mastra/auth/server-auth.ts). With no MASTRA_AUTH_SECRET the server
 * makes a throwaway one and prints a Studio link carrying a token for it, so `npm run dev` needs no
 * set-up and is still closed to everyone else.
 */
const auth = serverAuthFromEnv(process.env);
export const mastra = createMastra({ authSecret: auth.secret });

if (auth.generated) {
  const base = `http://localhost:${process.env.PORT ?? "4111"}`;
  const token = await signDevToken(auth.secret);
  console.log(
    `\nMASTRA_AUTH_SECRET is not set: this server uses a throwaway secret; Convex cannot reach it.\n` +
      `Studio (token valid 12 h): ${studioUrl(base, token)}\n` +
      `REST: curl -H "Authorization: Bearer ${token}" ${base}/api/workflows\n`,
  );
}

// A `mastra build` server resumes the runs its store says were interrupted, as `npm run serve` does:
// the deployer wires no such sweep outside dev mode. Under `mastra dev` (which sets MASTRA_DEV) the
// CLI runs Mastra's own sweep instead; both at once could execute a run twice in this process.
if (process.env.MASTRA_DEV !== "true") {
  resumeInterruptedRuns(mastra, runClaimsOf(mastra)).catch((error: unknown) =>
    console.error("could not resume the interrupted negotiation runs", error),
  );
}

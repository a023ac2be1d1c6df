import { existsSync } from "node:fs";
import path from "node:path";
import { serverAuthFromEnv, signDevToken, studioUrl } from "../src/mastra/auth/server-auth";
import { projectRoot } from "../src/shared/project-paths";

/**
 * Prints a Studio link (and a curl header) for a Mastra server that has MASTRA_AUTH_SECRET set, e.g.
 * one started by a local orchestrator. The token is a developer's: it can start and watch local
 * runs, never write to a Convex quote. Usage: `npm run studio-link [-- http://host:port]`.
 */
const envFile = path.join(projectRoot(), ".env");
if (existsSync(envFile)) process.loadEnvFile(envFile);
const auth = serverAuthFromEnv(process.env);
if (auth.generated) {
  console.error("MASTRA_AUTH_SECRET is not set: `npm run dev` then makes its own secret and prints its own link.");
  process.exit(1);
}
const base = process.argv[2] ?? `http://localhost:${process.env.PORT ?? "4111"}`;
const token = await signDevToken(auth.secret);
console.log(`Studio (token valid 12 h): ${studioUrl(base, token)}`);
console.log(`REST: curl -H "Authorization: Bearer ${token}" ${base}/api/workflows`);

import { mastraProcessEnv } from "../src/__tests__/helpers/mastra-process-env";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateAuthKeys } from "../src/dev-backend/auth-keys";
import { startLocalBackend, type LocalBackend } from "../src/dev-backend/local-backend";
import { freePort } from "../src/stack/free-port";

/** A local backend in this process, and the env a Mastra server process needs to work with it. */
export interface MastraProcessDeployment {
  backend: LocalBackend;
  /** For `startMastraProcess`: a libsql store in a throwaway folder, so a restarted server finds its runs. */
  mastraEnv: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/**
 * What the crash and in-person benches share: the local backend here (its deployment env is this
 * process's), and a Mastra server process to start, kill and start again on the same store.
 */
export async function mastraProcessDeployment(
  name: string,
  latencyMs: number,
  tokenDelayMs: number,
): Promise<MastraProcessDeployment> {
  const store = mkdtempSync(path.join(tmpdir(), `${name}-bench-`));
  const secret = `${name}-bench-secret-`.padEnd(40, "0");
  const mastraPort = await freePort();
  const keys = await generateAuthKeys();
  const backend = await startLocalBackend();
  Object.assign(process.env, keys, {
    AUTH_LOG_LEVEL: "WARN",
    CONVEX_SITE_URL: backend.url,
    MASTRA_AUTH_SECRET: secret,
    MASTRA_URL: `http://127.0.0.1:${mastraPort}`,
  });
  const mastraEnv = mastraProcessEnv({
    convexUrl: backend.url,
    secret,
    port: mastraPort,
    store,
    localModel: { latencyMs, tokenDelayMs },
  });
  return {
    backend,
    mastraEnv,
    close: async () => {
      await backend.close();
      rmSync(store, { recursive: true, force: true });
    },
  };
}

import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { StackStorage } from "./stack-env";
import { keptStackSecrets } from "./stack-secrets";

/**
 * Where a stack keeps its data. With a data folder (`npm start`: data/local), everything outlives
 * the stack: the local backend's deployment in `convex/`, the Mastra server's runs in `mastra.db`,
 * and the secrets both are wired with in `secrets.json`. Without one (tests, screenshots), the
 * backend is in memory and the Mastra store a temporary file that lives as long as the stack, so a
 * Mastra server the stack restarts still resumes its runs; `discard()` removes it.
 */
export async function stackStorage(dataDir?: string): Promise<{ storage: StackStorage; discard: () => void }> {
  if (dataDir) {
    const dir = path.resolve(dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return {
      storage: {
        mastraStoreUrl: `file:${path.join(dir, "mastra.db")}`,
        backendDataDir: path.join(dir, "convex"),
        secrets: await keptStackSecrets(path.join(dir, "secrets.json")),
      },
      discard: () => undefined,
    };
  }
  const store = mkdtempSync(path.join(tmpdir(), "negotiations-mastra-"));
  return {
    storage: { mastraStoreUrl: `file:${path.join(store, "mastra.db")}` },
    discard: () => rmSync(store, { recursive: true, force: true }),
  };
}

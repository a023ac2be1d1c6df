import { afterEach, vi } from "vitest";
import { generateAuthKeys } from "../../dev-backend/auth-keys";
import { startLocalBackend, type LocalBackend, type LocalBackendOptions } from "../../dev-backend/local-backend";

/**
 * A local Convex deployment with its own Convex Auth keys and no Mastra server behind it: nothing
 * listens at MASTRA_URL, so a quote's scheduled start fails fast and says so on the quote. The
 * deployment env is stubbed on this process: undo it with `vi.unstubAllEnvs()`, and close the backend.
 */
export async function startDeploymentWithoutMastra(options: LocalBackendOptions = {}): Promise<LocalBackend> {
  const backend = await startLocalBackend(options);
  const keys = await generateAuthKeys();
  vi.stubEnv("JWT_PRIVATE_KEY", keys.JWT_PRIVATE_KEY);
  vi.stubEnv("JWKS", keys.JWKS);
  vi.stubEnv("CONVEX_SITE_URL", backend.url);
  vi.stubEnv("MASTRA_AUTH_SECRET", "local-secret-local-secret-local-secret");
  vi.stubEnv("MASTRA_URL", "http://127.0.0.1:9");
  return backend;
}

/**
 * For a test file: `deployment()` starts a deployment for the test at hand, and `afterTest(fn)`
 * queues any other clean-up; after each test everything is closed, newest first, and the stubbed
 * env is undone.
 */
export function useDeploymentsWithoutMastra() {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    vi.unstubAllEnvs();
  });
  return {
    deployment: async (options: LocalBackendOptions = {}): Promise<LocalBackend> => {
      const backend = await startDeploymentWithoutMastra(options);
      cleanups.push(backend.close);
      return backend;
    },
    afterTest: (cleanup: () => Promise<void> | void) => void cleanups.push(cleanup),
  };
}

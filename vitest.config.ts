import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/__tests__/**/*.test.ts"],
    environment: "node",
    // Convex suites opt into the edge-runtime environment per file (`@vitest-environment edge-runtime`).
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The negotiation tests measure concurrency; two cores are shared by every worker.
    maxWorkers: 2,
    // Failure-path tests make agents log errors on purpose; keep the run readable.
    env: { MASTRA_TELEMETRY_DISABLED: "1", MASTRA_OFFLINE: "1", LOG_LEVEL: "silent", AUTH_LOG_LEVEL: "WARN" },
  },
});

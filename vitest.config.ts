import { defineConfig } from "vitest/config";

/**
 * Files that start processes, servers or a browser, or sit through real outages. They run after
 * the rest, one file at a time, so they never compete with each other for this machine's two cores;
 * their timing margins then only have to absorb outside load.
 */
const END_TO_END = [
  "src/__tests__/storage/convex-end-to-end.test.ts",
  "src/__tests__/cli/cli-process.test.ts",
  "src/__tests__/security/foreign-decision.test.ts",
  "src/__tests__/web/**/*.test.ts",
  "src/__tests__/durability/**/*.test.ts",
  "src/__tests__/fleet/**/*.test.ts",
];

const shared = {
  environment: "node",
  // Convex suites opt into the edge-runtime environment per file (`@vitest-environment edge-runtime`).
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // Failure-path tests make agents log errors on purpose; keep the run readable.
  env: { MASTRA_TELEMETRY_DISABLED: "1", MASTRA_OFFLINE: "1", LOG_LEVEL: "silent", AUTH_LOG_LEVEL: "WARN" },
} as const;

export default defineConfig({
  test: {
    // The negotiation tests measure concurrency; two cores are shared by every worker.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["src/__tests__/**/*.test.ts"],
          exclude: END_TO_END,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "end-to-end",
          include: END_TO_END,
          // Whole runs through servers, with a 10 s outage among them, on a machine that may be loaded.
          testTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

/**
 * The rooms of the house and which way their arrows point (docs/architecture.md). Closed by
 * default: an import between rooms that no `allowed` rule names is an error, as is any circle.
 * `npm run lint` runs it; src/__tests__/architecture/import-rules.test.ts shows it refusing.
 */

/** A room, `^src/<path>/`, or one file of one. */
const room = (path) => (path.endsWith(".ts") ? `^src/${path.replaceAll(".", "\\.")}$` : `^src/${path}/`);
/** Packages and Node's built-ins: any room may use them (Convex's bundler refuses what it cannot run). */
const OUTSIDE = "^(?!src/|bench/|scripts/)";

/** Each room and the rooms it may import, besides itself. */
const ROOMS = {
  // The kernel: shapes and rules every side shares. Imports nothing of ours.
  domain: [],
  // Infrastructure both Mastra and Convex use (tokens, env parsing, paths). Never imported by the kernel.
  shared: ["domain"],
  // Convex: function modules at the top, helpers in model/, the generated API.
  server: ["domain", "shared/run-credentials.ts"],
  // The protocol between the engine and the models: the turn state, the prompt, the guardrails.
  "mastra/protocol": ["domain"],
  // Servers sharing one Postgres store: run leases and the fleet's model budget. Imports nothing of ours.
  "mastra/fleet": [],
  "mastra/models": ["mastra/fleet", "mastra/protocol", "domain", "shared"],
  "mastra/agents": ["mastra/models", "mastra/protocol", "domain", "shared"],
  "mastra/negotiation": ["mastra/agents", "mastra/models", "mastra/protocol", "domain", "shared"],
  "mastra/evaluation": ["mastra/negotiation", "domain"],
  // The only arrow from Mastra into Convex: the generated API.
  "mastra/storage": ["mastra/negotiation", "mastra/evaluation", "domain", "shared", "server/_generated"],
  "mastra/auth": ["mastra/agents", "domain", "shared"],
  "mastra/workflows": [
    "mastra/fleet",
    "mastra/auth",
    "mastra/storage",
    "mastra/evaluation",
    "mastra/negotiation",
    "mastra/agents",
    "mastra/models",
    "mastra/protocol",
    "domain",
    "shared",
  ],
  // The browser app: the kernel and the generated API, nothing that runs on a server.
  web: ["domain", "server/_generated"],
  "dev-backend": ["server", "domain", "shared"],
  cli: ["mastra", "domain", "shared"],
  stack: ["mastra", "dev-backend", "server/_generated", "domain", "shared"],
};

/** Files directly in src/mastra (create-mastra, index, logger) wire the rooms below them together. */
const MASTRA_ROOT = "^src/mastra/[^/]+$";

const allowed = [
  { from: {}, to: { path: OUTSIDE } },
  // Tests, benchmarks and scripts drive the whole system from outside.
  { from: { path: "^(src/__tests__|bench|scripts)/" }, to: { path: "^(src|bench|scripts)/" } },
  { from: { path: MASTRA_ROOT }, to: { path: ["^src/mastra/", room("domain"), room("shared")] } },
  ...Object.entries(ROOMS).map(([name, imports]) => ({
    from: { path: room(name) },
    to: { path: [name, ...imports].map(room) },
  })),
  // The rooms inside src/mastra may use its root logger; the CLI and the stack start it through create-mastra.
  { from: { path: "^src/mastra/" }, to: { path: "^src/mastra/logger\\.ts$" } },
];

module.exports = {
  forbidden: [
    {
      name: "convex-bundle-runs-anywhere",
      severity: "error",
      comment:
        "Convex bundles its functions and what they import for its own runtime, which has no Node built-ins: " +
        "the functions, the kernel and the token helpers use none.",
      from: {
        path: ["^src/server/", "^src/domain/", "^src/shared/run-credentials\\.ts$"],
        pathNot: "^src/server/test\\.modules\\.ts$",
      },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "kernel-uses-only-zod",
      severity: "error",
      comment: "The kernel is shared by the browser, Convex and Mastra: zod is its one package.",
      from: { path: "^src/domain/" },
      to: { pathNot: ["^src/domain/", "^node_modules/zod/"] },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "A circle of imports: one of the two should not know the other.",
      from: {},
      to: { circular: true, pathNot: "^src/server/_generated/" },
    },
  ],
  allowed,
  allowedSeverity: "error",
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^src/server/_generated/.*\\.js$", "^src/server/test\\.modules\\.ts$"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".d.ts"] },
  },
};

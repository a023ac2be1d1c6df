import { freshStackSecrets, type StackSecrets } from "./stack-secrets";

export interface StackPorts {
  convex: number;
  mastra: number;
  web: number;
}

/** Every process's environment, built here and nowhere else. */
export interface StackEnv {
  /** The local backend's deployment env: what `npx convex env set` holds on a real deployment. */
  backend: NodeJS.ProcessEnv;
  /** The Mastra server's env. */
  mastra: NodeJS.ProcessEnv;
  /** What the web app is built with. */
  web: { VITE_CONVEX_URL: string };
}

/** Where the stack keeps what it keeps; all in memory and fresh when not given. */
export interface StackStorage {
  /**
   * Where the Mastra server keeps its runs: a file that outlives the Mastra process, so a server the
   * stack restarts resumes the runs it was in the middle of. In memory when not given.
   */
  mastraStoreUrl?: string;
  /** The local backend's data folder; in memory when not given. */
  backendDataDir?: string;
  /** Secrets kept with that data; fresh when not given. */
  secrets?: StackSecrets;
}

/**
 * Wires the local stack together. `MASTRA_AUTH_SECRET` (the HMAC secret Convex signs its
 * short-lived tokens for the Mastra server with, and from which each run's write token is derived)
 * goes to both sides, Convex Auth's key pair to the backend: fresh every start unless kept with the
 * data (`storage.secrets`), since they are worth no more than the data they sign for.
 *
 * `base` is the user's environment (.env included): model settings and the like pass through to
 * the Mastra server; the backend, like a deployment, sees only its own knobs (WATCHDOG_*).
 */
export async function buildStackEnv(
  ports: StackPorts,
  base: NodeJS.ProcessEnv = process.env,
  storage: StackStorage = {},
): Promise<StackEnv> {
  const convexUrl = `http://127.0.0.1:${ports.convex}`;
  const mastraUrl = `http://127.0.0.1:${ports.mastra}`;
  const { MASTRA_AUTH_SECRET, ...keys } = storage.secrets ?? (await freshStackSecrets());
  const shared = { MASTRA_AUTH_SECRET };
  const passThrough = Object.fromEntries(
    Object.entries(base).filter(([name]) => !STACK_OWNED.has(name) && !name.startsWith("VITE_")),
  );
  return {
    backend: {
      // Convex Auth logs every sign-in step at INFO; warnings and errors are what an operator needs.
      AUTH_LOG_LEVEL: "WARN",
      ...pick(base, BACKEND_PASS_THROUGH),
      ...shared,
      ...keys,
      MASTRA_URL: mastraUrl,
      CONVEX_SITE_URL: convexUrl,
      LOCAL_BACKEND_PORT: String(ports.convex),
      ...(storage.backendDataDir ? { LOCAL_BACKEND_DATA_DIR: storage.backendDataDir } : {}),
    },
    mastra: {
      ...passThrough,
      ...shared,
      CONVEX_URL: convexUrl,
      // Run snapshots live exactly as long as the backend's data: ones that outlived it would mislead.
      MASTRA_DB_URL: storage.mastraStoreUrl ?? ":memory:",
      MASTRA_PORT: String(ports.mastra),
      MASTRA_TELEMETRY_DISABLED: "1",
      MASTRA_OFFLINE: "1",
    },
    web: { VITE_CONVEX_URL: convexUrl },
  };
}

/** Variables the stack sets itself; a value in the user's env must not leak past them. */
const STACK_OWNED = new Set([
  "MASTRA_AUTH_SECRET",
  "JWT_PRIVATE_KEY",
  "JWKS",
  "CONVEX_SITE_URL",
  "CONVEX_URL",
  "MASTRA_URL",
  "MASTRA_DB_URL",
]);

/** The backend's own settings; the rest of the user's env (an OpenAI key…) is none of its business. */
const BACKEND_PASS_THROUGH = [
  "PATH",
  "HOME",
  "TMPDIR",
  "NODE_OPTIONS",
  "WATCHDOG_INTERVAL_MS",
  "WATCHDOG_STALL_MS",
  "WATCHDOG_MAX_RUN_MS",
  "AUTH_LOG_LEVEL",
  // Emailing suppliers their links (supplierInvitations.ts): off unless all three are set.
  "RESEND_API_KEY",
  "INVITATION_FROM",
  "SITE_URL",
];

function pick(env: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

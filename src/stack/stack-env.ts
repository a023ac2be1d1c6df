import { randomBytes } from "node:crypto";
import { generateAuthKeys } from "../dev-backend/auth-keys";

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

/**
 * Wires the local stack together. A fresh `MASTRA_AUTH_SECRET` every start (the HMAC secret Convex
 * signs its short-lived tokens for the Mastra server with, and from which each run's write token is
 * derived) goes to both sides; Convex Auth gets a fresh key pair. Nothing from one run is worth
 * anything in the next, as the data is gone too.
 *
 * `base` is the user's environment (.env included): model settings and the like pass through to
 * the Mastra server; the backend, like a deployment, sees only its own knobs (WATCHDOG_*).
 */
export async function buildStackEnv(
  ports: StackPorts,
  base: NodeJS.ProcessEnv = process.env,
  /**
   * Where the Mastra server keeps its runs: a file that lives as long as the stack does, so a Mastra
   * server the stack restarts resumes the runs it was in the middle of. In memory when not given.
   */
  mastraStoreUrl = ":memory:",
): Promise<StackEnv> {
  const convexUrl = `http://127.0.0.1:${ports.convex}`;
  const mastraUrl = `http://127.0.0.1:${ports.mastra}`;
  const shared = { MASTRA_AUTH_SECRET: randomBytes(32).toString("hex") };
  const keys = await generateAuthKeys();
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
    },
    mastra: {
      ...passThrough,
      ...shared,
      CONVEX_URL: convexUrl,
      // The backend's data lives in memory: run snapshots that outlive the stack would only mislead.
      MASTRA_DB_URL: mastraStoreUrl,
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
];

function pick(env: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

import type { Faults } from "../dev-backend/faults";

/** What the stack's child processes tell the parent over IPC. */
export type ChildReport = { type: "ready"; url: string } | { type: "failed"; message: string };

/** What the parent may ask the local backend process (tests and the bench; `npm start` never does). */
export type BackendCommand =
  { type: "drop-sockets"; refuseForMs: number } | { type: "set-faults"; faults: Partial<Faults> };

export function report(message: ChildReport): void {
  process.send?.(message);
}

/** A child's start-up failed: tell the parent why (a port in use…), then exit. */
export function failStartup(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (process.send) report({ type: "failed", message });
  else console.error(message);
  process.exit(1);
}

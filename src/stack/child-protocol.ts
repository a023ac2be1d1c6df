/** What the stack's child processes tell the parent over IPC. */
export type ChildReport = { type: "ready"; url: string } | { type: "failed"; message: string };

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

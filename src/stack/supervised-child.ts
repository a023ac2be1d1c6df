import type { ChildProcess } from "node:child_process";
import { startChild } from "./child-process";

/** Told when a supervised child died while the stack was up; it is started again after `delayMs`. */
export type RestartReport = (code: number | null, signal: NodeJS.Signals | null, delayMs: number) => void;

/**
 * One of the stack's processes, started again whenever it dies while the stack is up: after 1 s,
 * doubling up to 30 s while it keeps dying, back to 1 s once it has stayed up a minute. It comes
 * back on the same env (port, store, data folder), so what it keeps on disk carries on.
 */
export class SupervisedChild {
  private current: ChildProcess | undefined;
  private delayMs = 1_000;
  private startedAt = 0;

  constructor(
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly quiet: boolean | undefined,
    private readonly children: ChildProcess[],
    private readonly stopping: () => boolean,
    private readonly onRestart: RestartReport | undefined,
    /** A restart that failed to start: the stack cannot go on without this child. */
    private readonly onGiveUp: (reason: string) => void,
  ) {}

  async start(): Promise<{ url: string }> {
    this.startedAt = Date.now();
    const ready = startChild(this.entry, this.env, this.quiet, this.children);
    const child = this.children.at(-1)!;
    this.current = child;
    const started = await ready;
    child.on("exit", (code, signal) => this.restartAfterExit(code, signal));
    return started;
  }

  /** The process right now (it changes with each restart). */
  process(): ChildProcess | undefined {
    return this.current;
  }

  private restartAfterExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping()) return;
    if (Date.now() - this.startedAt > 60_000) this.delayMs = 1_000;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, 30_000);
    this.onRestart?.(code, signal, delay);
    setTimeout(() => {
      if (this.stopping()) return;
      this.start().catch((error: unknown) => {
        if (!this.stopping()) this.onGiveUp(error instanceof Error ? error.message : String(error));
      });
    }, delay);
  }
}

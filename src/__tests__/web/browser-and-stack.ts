import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { browserSkipReason, launchChromium } from "./chromium";

/** What a browser test file shares: one local stack and one Chromium, or why they do not run. */
export interface BrowserAndStack<S> {
  /** Set when there is no Chromium here (outside CI): the file's tests are skipped with this reason. */
  readonly skip: string | undefined;
  readonly stack: S;
  readonly browser: Browser;
}

/**
 * Starts the stack and Chromium side by side before the file's tests and stops both after them.
 * Whichever started is stopped even when the other failed to, so a failed start leaves no process
 * behind. Each test makes its own browser context, a fresh profile.
 */
export function browserAndStack<S extends { stop(): Promise<void> }>(start: () => Promise<S>): BrowserAndStack<S> {
  const skip = browserSkipReason();
  if (skip) console.warn(skip);
  let stack: S | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (skip) return;
    const [started, launched] = await Promise.allSettled([start(), launchChromium()]);
    if (started.status === "fulfilled") stack = started.value;
    if (launched.status === "fulfilled") browser = launched.value;
    for (const outcome of [started, launched]) if (outcome.status === "rejected") throw outcome.reason;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);
  const running = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} did not start: see the file's beforeAll`);
    return value;
  };
  return {
    skip,
    get stack() {
      return running(stack, "the local stack");
    },
    get browser() {
      return running(browser, "Chromium");
    },
  };
}

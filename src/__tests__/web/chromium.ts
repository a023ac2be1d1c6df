import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's `chromium` package (`apt-get install chromium`); playwright-core never downloads one. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/lib/chromium/chromium";
}

/**
 * Whether the browser tests can run. Under CI a missing browser is a failure (the tests run and
 * fail on launch); elsewhere they are skipped with this one-line reason.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath()) || process.env.CI === "true") return undefined;
  return `browser tests skipped: no Chromium at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // No --user-data-dir: playwright gives every launch a fresh temporary profile of its own.
    ],
  });
}

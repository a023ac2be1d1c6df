import { afterEach, describe, expect, it, vi } from "vitest";
import { browserSkipReason } from "./chromium";

afterEach(() => vi.unstubAllEnvs());

describe("when there is no browser", () => {
  it("the browser tests are skipped with a one-line reason outside CI", () => {
    vi.stubEnv("CHROMIUM_PATH", "/nonexistent/chromium");
    vi.stubEnv("CI", "");
    const reason = browserSkipReason();
    expect(reason).toMatch(/^browser tests skipped: no Chromium at \/nonexistent\/chromium \(apt-get install chromium/);
    expect(reason).not.toContain("\n");
  });

  it("under CI=true they run, so a missing browser fails the run", () => {
    vi.stubEnv("CHROMIUM_PATH", "/nonexistent/chromium");
    vi.stubEnv("CI", "true");
    expect(browserSkipReason()).toBeUndefined();
  });
});

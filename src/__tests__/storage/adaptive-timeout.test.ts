import { describe, expect, it } from "vitest";
import { AdaptiveTimeout } from "../../mastra/storage/adaptive-timeout";

const policy = { floorMs: 500, ceilingMs: 30_000, p99Factor: 2, window: 100 };

describe("AdaptiveTimeout: about the recent p99 of answers, with a floor", () => {
  it("starts at the floor and stays there while answers are fast", () => {
    const timeout = new AdaptiveTimeout(policy);
    expect(timeout.currentMs()).toBe(500);
    for (let i = 0; i < 100; i++) timeout.answered(30 + (i % 10));
    expect(timeout.currentMs()).toBe(500);
  });

  it("follows a server that answers slowly for everyone, so its answers are waited for, not repeated", () => {
    const timeout = new AdaptiveTimeout(policy);
    for (let i = 0; i < 100; i++) timeout.answered(2_000 + i * 10);
    expect(timeout.currentMs()).toBeGreaterThanOrEqual(5_000);
    expect(timeout.currentMs()).toBeLessThanOrEqual(30_000);
  });

  it("a few slow outliers in a hundred do not stretch it: one held request is not the p99", () => {
    const timeout = new AdaptiveTimeout(policy);
    for (let i = 0; i < 99; i++) timeout.answered(40);
    timeout.answered(10_000);
    expect(timeout.currentMs()).toBe(500);
  });

  it("doubles with each timeout in a row, up to the ceiling, and an answer resets that", () => {
    const timeout = new AdaptiveTimeout(policy);
    timeout.timedOut();
    expect(timeout.currentMs()).toBe(1_000);
    timeout.timedOut();
    expect(timeout.currentMs()).toBe(2_000);
    for (let i = 0; i < 20; i++) timeout.timedOut();
    expect(timeout.currentMs()).toBe(30_000);
    timeout.answered(40);
    expect(timeout.currentMs()).toBe(500);
  });
});

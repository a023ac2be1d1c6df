import { describe, expect, it } from "vitest";
import { CliUsageError, parseCliArgs } from "../../cli/cli-args";

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error(`expected ${argv.join(" ")} to be refused`);
}

describe("terminal demo options", () => {
  it("reads every option, and defaults the rounds", () => {
    expect(parseCliArgs(["quote.json", "--seed", "3", "--latency", "0", "--token-delay", "2.5", "--json"])).toEqual({
      help: false,
      quoteFile: "quote.json",
      seed: 3,
      rounds: 4,
      latencyMs: 0,
      tokenDelayMs: 2.5,
      json: true,
      award: true,
    });
    expect(parseCliArgs(["--no-award"]).award).toBe(false);
    expect(parseCliArgs(["-h"]).help).toBe(true);
  });

  it.each([
    [["--seed", "-1"], '--seed must be a whole number from 0 to 2147483647, got "-1"'],
    [["--latency", "-5"], '--latency must be a number from 0 to 60000, got "-5"'],
    [["--rounds", "0"], '--rounds must be a whole number from 1 to 12, got "0"'],
    [["--rounds", "2.5"], '--rounds must be a whole number from 1 to 12, got "2.5"'],
    [["--token-delay", "fast"], '--token-delay must be a number from 0 to 5000, got "fast"'],
    [["--foo"], "unknown option --foo"],
    [["--seed"], "--seed needs a value, e.g. --seed 3"],
    [["--json=yes"], "--json does not take a value"],
    [["a.json", "b.json"], "expected at most one quote file, got: a.json b.json"],
  ])("refuses %j with a message naming the option", (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });
});

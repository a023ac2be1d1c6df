import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/*
 * The demo as a real process, the way `npm run demo` runs it (minus npm). Only what needs a process
 * is here: the entry point, exit codes, and what reaches stdout versus stderr. The rest runs
 * in-process (demo.test.ts), which is far lighter on a busy machine.
 */

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "cli-"));

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      env: { ...process.env, OPENAI_API_KEY: "", CONVEX_URL: "", TRANSCRIPT_DIR: dir, NO_COLOR: "1", ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run demo as a process", () => {
  it("prints usage for --help", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: npm run demo -- [quote.json] [options]");
    expect(stdout).toContain("--seed <n>");
  });

  it("exits 2 with one line for a bad option or setting, without a stack trace", async () => {
    const option = await cli(["--rounds", "0"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--rounds must be a whole number from 1 to 12, got "0"');

    const setting = await cli([], { LOCAL_MODEL_SEED: "abc" });
    expect(setting.code).toBe(2);
    expect(setting.stderr).toBe("Invalid model configuration:\nLOCAL_MODEL_SEED: must be a whole number\n");
  });

  it("writes nothing but the JSON result to stdout with --json", async () => {
    const { code, stdout } = await cli(["--json", "--latency", "0", "--token-delay", "0", "--rounds", "2"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { results: unknown[] };
    expect(result.results).toHaveLength(3);
  });
});

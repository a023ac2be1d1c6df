import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../src/shared/project-paths";

/**
 * Everything the bench prints also goes to `docs/bench/<name>-<date>.txt` (or BENCH_OUT, relative
 * to the project root), so each run's figures are kept beside the docs that quote them.
 */
export function keepOutput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = path.resolve(
    projectRoot(),
    env.BENCH_OUT ?? path.join("docs", "bench", `${name}-${new Date().toISOString().slice(0, 10)}.txt`),
  );
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `# npm run bench ${process.argv.slice(2).join(" ")} — ${new Date().toISOString()}\n`);
  const print = console.log.bind(console);
  console.log = (...args: unknown[]) => {
    print(...args);
    appendFileSync(file, `${args.map(String).join(" ")}\n`);
  };
  return file;
}

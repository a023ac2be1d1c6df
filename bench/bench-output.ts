import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../src/shared/project-paths";

/**
 * Everything the bench prints also goes to `docs/bench/<name>-<date>.txt` (or BENCH_OUT, relative
 * to the project root), so each run's figures are kept beside the docs that quote them.
 */
export function keepOutput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = path.resolve(
    projectRoot(),
    env.BENCH_OUT ?? unusedPath(path.join(projectRoot(), "docs", "bench"), name, new Date(), existsSync),
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

/**
 * `<name>-<date>.txt` in `dir`, or `<name>-<date>-2.txt`, `-3`, … when a run earlier that day kept
 * its figures there: the docs quote those files, so a later run never writes over one.
 */
export function unusedPath(dir: string, name: string, date: Date, exists: (file: string) => boolean): string {
  const base = path.join(dir, `${name}-${date.toISOString().slice(0, 10)}`);
  if (!exists(`${base}.txt`)) return `${base}.txt`;
  let n = 2;
  while (exists(`${base}-${n}.txt`)) n++;
  return `${base}-${n}.txt`;
}

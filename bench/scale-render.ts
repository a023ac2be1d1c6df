import { readFileSync } from "node:fs";
import { scaleTable } from "./scale-table";
import type { ScaleResult } from "./scale-types";

/** `tsx bench/scale-render.ts out1.txt …`: the table again from the SCALE_RESULT lines of earlier runs. */
const results = process.argv
  .slice(2)
  .flatMap((file) => readFileSync(file, "utf8").split("\n"))
  .map((line) => line.trim())
  .filter((line) => line.startsWith("SCALE_RESULT "))
  .map((line) => JSON.parse(line.slice("SCALE_RESULT ".length)) as ScaleResult);
console.log(scaleTable(results));

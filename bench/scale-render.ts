import { readFileSync } from "node:fs";
import { scaleTable } from "./scale-table";
import type { ScaleResult } from "./scale-types";

/** `tsx bench/scale-render.ts out1.txt …`: the table again from the SCALE_RESULT lines of earlier runs. */
const results = process.argv
  .slice(2)
  .flatMap((file) => readFileSync(file, "utf8").split("\n"))
  .map((line) => line.trim())
  .filter((line) => line.startsWith("SCALE_RESULT "))
  .map((line): ScaleResult => {
    const parsed = JSON.parse(line.slice("SCALE_RESULT ".length)) as Omit<ScaleResult, "perQuote"> & {
      perQuote?: number;
    };
    // Runs from before quotes of 50 suppliers were measured are all quotes of the 3 built-ins.
    return { ...parsed, perQuote: parsed.perQuote ?? 3 };
  });
console.log(scaleTable(results));

import { parseArgs } from "node:util";
import { LOCAL_MODEL_DEFAULTS } from "../mastra/models/model-config";
import { DEFAULT_MAX_ROUNDS, MAX_ROUNDS_LIMIT } from "../domain/quote";
import { BUILT_IN_SUPPLIERS, MAX_SUPPLIERS_PER_QUOTE } from "../domain/suppliers";

export const HELP = `Usage: npm run demo -- [quote.json] [options]

Negotiates a buyer's quote with every supplier at once and recommends the best deal.
Without a file, a sample quote is used. Runs offline on the built-in local negotiation
model unless OPENAI_API_KEY is set (see .env.example).

Options:
  --seed <n>            seed of the local model: same seed, same negotiation (default ${LOCAL_MODEL_DEFAULTS.seed})
  --rounds <n>          supplier offers before the brand's last word, 1-${MAX_ROUNDS_LIMIT} (default ${DEFAULT_MAX_ROUNDS})
  --latency <ms>        local model: simulated time to first token (default ${LOCAL_MODEL_DEFAULTS.latencyMs})
  --token-delay <ms>    local model: simulated time between streamed words (default ${LOCAL_MODEL_DEFAULTS.tokenDelayMs})
  --suppliers <file>    a JSON array of supplier profiles to negotiate with instead of the
                        built-in three (see examples/suppliers.json for the fields)
  --json                print the workflow result as JSON instead of the live view
  --no-award            stop at the recommendation; by default the demo awards the recommended
                        deal itself (as a buyer would on the web page) and your negotiator
                        confirms it with that supplier and declines the others
  -h, --help            show this help

A quote file looks like:
  { "products": [{ "productId": "organic-tshirt", "quantity": 2000, "maxUnitPrice": 6 }],
    "priorities": { "price": 0.4, "quality": 0.3, "speed": 0.2, "reliability": 0.1 },
    "maxLeadTimeDays": 45, "userNotes": "GOTS-certified cotton only" }
Products: organic-tshirt, recycled-hoodie, canvas-tote, merino-socks.
Suppliers ("supplierIds", optional, up to ${MAX_SUPPLIERS_PER_QUOTE}; every supplier when omitted):
  ${BUILT_IN_SUPPLIERS.map((s) => s.id).join(", ")}, or the ids in the --suppliers file.`;

export interface CliOptions {
  help: boolean;
  quoteFile?: string;
  suppliersFile?: string;
  seed?: number;
  rounds: number;
  latencyMs?: number;
  tokenDelayMs?: number;
  json: boolean;
  /** Award the recommended deal at once (the default), or stop at the recommendation. */
  award: boolean;
}

export class CliUsageError extends Error {}

function numberOption(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  integer: boolean,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (
    raw.trim() === "" ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    throw new CliUsageError(
      `--${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got "${raw}"`,
    );
  }
  return value;
}

const OPTIONS = {
  help: { type: "boolean", short: "h", default: false },
  seed: { type: "string" },
  rounds: { type: "string" },
  latency: { type: "string" },
  "token-delay": { type: "string" },
  suppliers: { type: "string" },
  json: { type: "boolean", default: false },
  "no-award": { type: "boolean", default: false },
} as const;

/** Options that take a value; a negative number after one is its value, not another option. */
const VALUE_OPTIONS = new Set(
  Object.entries(OPTIONS)
    .filter(([, option]) => option.type === "string")
    .map(([name]) => `--${name}`),
);

/** `--seed -1` → `--seed=-1`, so the range check can say what is wrong with -1. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (VALUE_OPTIONS.has(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** node:util's messages, reworded: they suggest quoting that does not apply to this command. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
    return message.includes("does not take an argument")
      ? `${option} does not take a value`
      : `${option} needs a value, e.g. ${option} 3`;
  }
  return message.split("\n")[0] ?? message;
}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new CliUsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new CliUsageError(`expected at most one quote file, got: ${positionals.join(" ")}`);
  const seed = numberOption("seed", values.seed, 0, 2 ** 31 - 1, true);
  const latencyMs = numberOption("latency", values.latency, 0, 60_000, false);
  const tokenDelayMs = numberOption("token-delay", values["token-delay"], 0, 5_000, false);
  return {
    help: values.help,
    rounds: numberOption("rounds", values.rounds, 1, MAX_ROUNDS_LIMIT, true) ?? DEFAULT_MAX_ROUNDS,
    json: values.json,
    award: !values["no-award"],
    ...(positionals[0] !== undefined ? { quoteFile: positionals[0] } : {}),
    ...(values.suppliers !== undefined ? { suppliersFile: values.suppliers } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    ...(tokenDelayMs !== undefined ? { tokenDelayMs } : {}),
  };
}

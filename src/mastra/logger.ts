import { createCustomTransport } from "@mastra/core/logger";
import { PinoLogger } from "@mastra/loggers";
import pretty from "pino-pretty";

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export function logLevel(value: string | undefined): LogLevelName {
  return LOG_LEVELS.find((level) => level === value) ?? "warn";
}

/** The `error` Mastra attaches to a log entry, when it has a message. */
function errorMessage(log: Record<string, unknown>): string | undefined {
  const error = log.error ?? log.err;
  if (typeof error !== "object" || error === null) return undefined;
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" ? message : undefined;
}

/**
 * Mastra's logger, writing to stderr: stdout belongs to the program's own output (the terminal
 * demo's `--json` result must parse), and Mastra's default pretty stream writes to stdout.
 *
 * Below `debug` each entry is one line, its message plus the error's own message. The objects
 * Mastra attaches to model errors hold whole prompts (the request body) and stack traces:
 * hundreds of lines per failed call, and a buyer's private notes among them. `LOG_LEVEL=debug`
 * shows them in full.
 */
export function createLogger(level: LogLevelName): PinoLogger {
  const compact = level !== "debug";
  const toStderr = pretty({
    destination: 2,
    colorize: Boolean(process.stderr.isTTY),
    levelFirst: true,
    ignore: "pid,hostname,component",
    translateTime: "SYS:standard",
    ...(compact
      ? {
          hideObject: true,
          messageFormat: (log: Record<string, unknown>, messageKey: string) => {
            const reason = errorMessage(log);
            return `${String(log[messageKey] ?? "")}${reason ? `: ${reason}` : ""}`;
          },
        }
      : {}),
  });
  return new PinoLogger({
    name: "negotiations",
    level,
    overrideDefaultTransports: true,
    transports: { default: createCustomTransport(toStderr) },
  });
}

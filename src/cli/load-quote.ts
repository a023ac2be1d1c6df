import { readFile } from "node:fs/promises";
import { quoteRequestSchema, type QuoteRequest } from "../mastra/domain/quote";
import { parseOrThrow } from "../mastra/domain/validation-error";
import { CliUsageError } from "./cli-args";
import { SAMPLE_QUOTE } from "./sample-quote";

/** The quote file named on the command line, checked against the workflow's own schema; the sample without one. */
export async function loadQuote(file: string | undefined): Promise<QuoteRequest> {
  if (!file) return SAMPLE_QUOTE;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliUsageError(`cannot read quote file ${file}: ${error instanceof Error ? error.message : error}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`quote file ${file} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  return parseOrThrow(quoteRequestSchema, json);
}

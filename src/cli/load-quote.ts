import { readFile } from "node:fs/promises";
import { z } from "zod";
import { quoteRequestSchema, type QuoteRequest } from "../domain/quote";
import { checkDistinctSuppliers, checkInvitedSuppliers, invitedSuppliers } from "../domain/supplier-directory";
import { BUILT_IN_SUPPLIERS, supplierProfileSchema, type SupplierProfile } from "../domain/suppliers";
import { parseOrThrow } from "../domain/validation-error";
import { CliUsageError } from "./cli-args";
import { SAMPLE_QUOTE } from "./sample-quote";

/** A supplier file may hold far more suppliers than a quote invites; past this it is a mistake. */
const MAX_DIRECTORY_SIZE = 10_000;

const directorySchema = z
  .array(supplierProfileSchema, { error: "a supplier file must hold a JSON array of supplier profiles" })
  .min(1, "a supplier file must hold at least one supplier")
  .max(MAX_DIRECTORY_SIZE, `a supplier file may hold at most ${MAX_DIRECTORY_SIZE} suppliers`)
  .superRefine((suppliers, ctx) => checkDistinctSuppliers(suppliers, [], ctx));

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliUsageError(`cannot read ${what} ${file}: ${error instanceof Error ? error.message : error}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`${what} ${file} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
}

/** The supplier directory: the file named by --suppliers, checked profile by profile; the built-ins without one. */
export async function loadSupplierDirectory(file: string | undefined): Promise<SupplierProfile[]> {
  if (!file) return [...BUILT_IN_SUPPLIERS];
  return parseOrThrow(directorySchema, await readJson(file, "supplier file"));
}

export interface LoadedQuote {
  quote: QuoteRequest;
  /** The suppliers it invites, in order: those its `supplierIds` name, else the whole directory. */
  suppliers: SupplierProfile[];
}

/**
 * The quote file named on the command line (the sample without one), checked against the
 * workflow's own schema and against the directory its suppliers come from.
 */
export async function loadQuote(file: string | undefined, directory: readonly SupplierProfile[]): Promise<LoadedQuote> {
  const schema = quoteRequestSchema.superRefine((quote, ctx) =>
    checkInvitedSuppliers(quote.supplierIds, directory, ctx),
  );
  const quote = parseOrThrow(schema, file ? await readJson(file, "quote file") : SAMPLE_QUOTE);
  return { quote, suppliers: invitedSuppliers(directory, quote.supplierIds) };
}

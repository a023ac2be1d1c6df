import { ConvexError } from "convex/values";
import { PRODUCT_IDS, SUPPLIERS, findSupplier, isKnownProduct } from "./catalog";
import type { Priorities, ProductLine } from "./validators";

/**
 * Checks a buyer's quote request before anything is written. The rules match the workflow's input
 * schema (src/mastra/domain/quote.ts and workflows/negotiation-workflow.ts), so a quote Convex
 * accepts is one the workflow accepts; each message names the field so the form can point at it.
 */

export const DEFAULT_MAX_ROUNDS = 4;
export const MAX_ROUNDS_LIMIT = 12;
export const MAX_USER_NOTES_LENGTH = 4000;

export interface QuoteInput {
  products: ProductLine[];
  priorities: Priorities;
  userNotes: string;
  maxLeadTimeDays?: number;
  supplierIds?: string[];
  maxRounds?: number;
}

export interface ValidQuote {
  products: ProductLine[];
  priorities: Priorities;
  userNotes: string;
  maxLeadTimeDays?: number;
  /** Always filled in: all catalog suppliers when the buyer named none. */
  supplierIds: string[];
  maxRounds: number;
}

const PRIORITY_NAMES = ["price", "quality", "speed", "reliability"] as const;

/** Returns the quote with defaults applied, or throws a ConvexError listing every problem found. */
export function validateQuoteInput(input: QuoteInput): ValidQuote {
  const issues = [
    ...productIssues(input.products),
    ...priorityIssues(input.priorities),
    ...notesIssues(input.userNotes),
    ...leadTimeIssues(input.maxLeadTimeDays),
    ...supplierIssues(input.supplierIds),
    ...roundsIssues(input.maxRounds),
  ];
  if (issues.length > 0) throw new ConvexError(`invalid quote: ${issues.join("; ")}`);
  return {
    products: input.products,
    priorities: input.priorities,
    userNotes: input.userNotes,
    ...(input.maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays: input.maxLeadTimeDays }),
    supplierIds: input.supplierIds ?? SUPPLIERS.map((supplier) => supplier.id),
    maxRounds: input.maxRounds ?? DEFAULT_MAX_ROUNDS,
  };
}

function isPositiveWholeNumber(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

function productIssues(products: readonly ProductLine[]): string[] {
  if (products.length === 0) return ["products must list at least one product"];
  const issues: string[] = [];
  const firstIndexOf = new Map<string, number>();
  products.forEach((line, index) => {
    const field = `products[${index}]`;
    if (!isKnownProduct(line.productId)) {
      issues.push(
        `unknown product "${line.productId}" in ${field}.productId; known products: ${PRODUCT_IDS.join(", ")}`,
      );
    } else {
      const first = firstIndexOf.get(line.productId);
      if (first === undefined) firstIndexOf.set(line.productId, index);
      else issues.push(`${field}.productId "${line.productId}" is already listed in products[${first}]`);
    }
    if (!isPositiveWholeNumber(line.quantity)) issues.push(`${field}.quantity must be a positive whole number`);
    if (line.maxUnitPrice !== undefined && !(Number.isFinite(line.maxUnitPrice) && line.maxUnitPrice > 0)) {
      issues.push(`${field}.maxUnitPrice must be a finite number > 0`);
    }
  });
  return issues;
}

function priorityIssues(priorities: Priorities): string[] {
  const issues = PRIORITY_NAMES.filter((name) => !(Number.isFinite(priorities[name]) && priorities[name] >= 0)).map(
    (name) => `priorities.${name} must be a finite number >= 0`,
  );
  // The weights are normalised when offers are scored; all zeros would divide by zero there.
  if (issues.length === 0 && PRIORITY_NAMES.every((name) => priorities[name] === 0)) {
    issues.push(`priorities must give at least one weight (${PRIORITY_NAMES.join(", ")}) above 0`);
  }
  return issues;
}

function notesIssues(userNotes: string): string[] {
  return userNotes.length > MAX_USER_NOTES_LENGTH
    ? [`userNotes must be at most ${MAX_USER_NOTES_LENGTH} characters`]
    : [];
}

function leadTimeIssues(maxLeadTimeDays: number | undefined): string[] {
  if (maxLeadTimeDays === undefined || isPositiveWholeNumber(maxLeadTimeDays)) return [];
  return ["maxLeadTimeDays must be a positive whole number of days"];
}

function supplierIssues(supplierIds: readonly string[] | undefined): string[] {
  if (supplierIds === undefined) return [];
  if (supplierIds.length === 0) return ["supplierIds must name at least one supplier (omit it to negotiate with all)"];
  const issues: string[] = [];
  const firstIndexOf = new Map<string, number>();
  supplierIds.forEach((supplierId, index) => {
    if (!findSupplier(supplierId)) {
      const known = SUPPLIERS.map((supplier) => supplier.id).join(", ");
      issues.push(`unknown supplier "${supplierId}" in supplierIds[${index}]; known suppliers: ${known}`);
      return;
    }
    const first = firstIndexOf.get(supplierId);
    if (first === undefined) firstIndexOf.set(supplierId, index);
    else issues.push(`supplierIds[${index}] "${supplierId}" is already listed in supplierIds[${first}]`);
  });
  return issues;
}

function roundsIssues(maxRounds: number | undefined): string[] {
  if (maxRounds === undefined || (Number.isSafeInteger(maxRounds) && maxRounds >= 1 && maxRounds <= MAX_ROUNDS_LIMIT)) {
    return [];
  }
  return [`maxRounds must be a whole number from 1 to ${MAX_ROUNDS_LIMIT}`];
}

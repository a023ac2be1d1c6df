import { ConvexError } from "convex/values";
import { pick } from "convex-helpers";
import {
  BUILT_IN_SUPPLIERS,
  supplierIdSchema,
  supplierProfileSchema,
  type SupplierProfile,
} from "../../domain/suppliers";
import { describeValidationError } from "../../domain/validation-error";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { PUBLIC_SUPPLIER_FIELDS, type PublicSupplier } from "./validators";

/**
 * The `suppliers` table as the rest of the functions see it: profiles in the domain's shape
 * (`SupplierProfile`, src/domain/suppliers.ts), every one checked by `supplierProfileSchema`
 * before it is written, and the built-in three written on first use.
 */

/**
 * How many suppliers the directory holds at most. Every read of the whole table takes this many,
 * so `upsert` refuses a new supplier beyond it rather than let a read silently drop one.
 */
export const MAX_SUPPLIERS_IN_DIRECTORY = 500;

/** Checks a profile with the domain's schema; a ConvexError names every bad field otherwise. */
export function parseSupplierProfile(input: unknown): SupplierProfile {
  const parsed = supplierProfileSchema.safeParse(input);
  if (!parsed.success) throw new ConvexError(`invalid supplier:\n${describeValidationError(parsed.error)}`);
  return parsed.data;
}

export function toProfile(row: Doc<"suppliers">): SupplierProfile {
  const { _id, _creationTime, supplierId, updatedAt: _updatedAt, retiredAt: _retiredAt, ...fields } = row;
  return { id: supplierId, ...fields };
}

export function toPublic(profile: Pick<SupplierProfile, keyof PublicSupplier>): PublicSupplier {
  return pick(profile, [...PUBLIC_SUPPLIER_FIELDS]);
}

export async function findSupplier(ctx: QueryCtx, supplierId: string): Promise<Doc<"suppliers"> | null> {
  return await ctx.db
    .query("suppliers")
    .withIndex("by_supplierId", (q) => q.eq("supplierId", supplierId))
    .unique();
}

/** Every supplier a new quote may invite, oldest first (the built-ins lead); empty before the first write. */
export async function readDirectory(ctx: QueryCtx): Promise<SupplierProfile[]> {
  const rows = await ctx.db.query("suppliers").take(MAX_SUPPLIERS_IN_DIRECTORY);
  return rows.filter((row) => row.retiredAt === undefined).map(toProfile);
}

/** Whether the table has never been written (not even seeded). */
export async function directoryIsUnwritten(ctx: QueryCtx): Promise<boolean> {
  return (await ctx.db.query("suppliers").first()) === null;
}

/**
 * Retires a supplier: no new quote may invite it, and buyers no longer see it; quotes already
 * started with it go on with their snapshot. `upsert` of the same id brings it back.
 */
export async function retireSupplier(ctx: MutationCtx, supplierId: string): Promise<"retired" | "already retired"> {
  const row = await findSupplier(ctx, supplierId);
  if (!row) throw new ConvexError(`unknown supplier "${supplierId}"`);
  if (row.retiredAt !== undefined) return "already retired";
  await ctx.db.patch("suppliers", row._id, { retiredAt: Date.now() });
  return "retired";
}

/** Writes a checked profile: a new row, or the existing row of its id replaced (and so un-retired). */
export async function writeSupplier(ctx: MutationCtx, input: unknown): Promise<"inserted" | "updated"> {
  const { id: supplierId, ...fields } = parseSupplierProfile(input);
  const row = { ...fields, supplierId, updatedAt: Date.now() };
  const existing = await findSupplier(ctx, supplierId);
  if (existing) {
    await ctx.db.replace("suppliers", existing._id, row);
    return "updated";
  }
  const count = (await ctx.db.query("suppliers").take(MAX_SUPPLIERS_IN_DIRECTORY)).length;
  if (count >= MAX_SUPPLIERS_IN_DIRECTORY) {
    throw new ConvexError(`the directory already holds ${MAX_SUPPLIERS_IN_DIRECTORY} suppliers, the most it may`);
  }
  await ctx.db.insert("suppliers", row);
  return "inserted";
}

/**
 * Writes the built-in suppliers when the table is empty; a table that has any row is left alone
 * (an operator's edits to a built-in stay). Answers how many were written.
 */
export async function seedIfEmpty(ctx: MutationCtx): Promise<number> {
  if (!(await directoryIsUnwritten(ctx))) return 0;
  for (const profile of BUILT_IN_SUPPLIERS) await writeSupplier(ctx, profile);
  return BUILT_IN_SUPPLIERS.length;
}

/**
 * The directory a quote's invitation is checked against: the named suppliers looked up one by one
 * (a quote names at most 50), plus the whole table when it must be read anyway (the quote names
 * none, or names one that does not exist and the refusal lists who does).
 */
export async function directoryForInvitation(
  ctx: QueryCtx,
  supplierIds: readonly string[] | undefined,
  maxNamed: number,
): Promise<SupplierProfile[]> {
  if (supplierIds === undefined) return await readDirectory(ctx);
  // Too many names, or a malformed id, is refused by the quote schema; nothing needs looking up for that.
  if (supplierIds.length > maxNamed || supplierIds.some((id) => !supplierIdSchema.safeParse(id).success)) return [];
  const named = new Set(supplierIds);
  const found = new Map<string, SupplierProfile>();
  for (const supplierId of named) {
    const row = await findSupplier(ctx, supplierId);
    // A retired supplier is as good as unknown to a new quote.
    if (row && row.retiredAt === undefined) found.set(supplierId, toProfile(row));
  }
  if (found.size === named.size) return [...found.values()];
  const directory = await readDirectory(ctx);
  const listed = new Set(directory.map((s) => s.id));
  return [...directory, ...[...found.values()].filter((s) => !listed.has(s.id))];
}

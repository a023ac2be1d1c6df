import { v } from "convex/values";
import { BUILT_IN_SUPPLIERS } from "../domain/suppliers";
import { internalMutation, query } from "./_generated/server";
import { callerUserId } from "./model/ownership";
import {
  directoryIsUnwritten,
  readDirectory,
  retireSupplier,
  seedIfEmpty,
  toPublic,
  writeSupplier,
} from "./model/supplierDirectory";
import { publicSupplierValidator, supplierProfileValidator } from "./model/validators";

/*
 * The supplier directory: whom a buyer may invite. Suppliers are data: an operator adds or changes
 * one with `npx convex run suppliers:upsert '{"id": "…", "name": "…", …}'` (the full profile, as
 * `supplierProfileSchema` in src/domain/suppliers.ts describes it), and the next quote can
 * invite it. A quote's run takes a snapshot of its suppliers' profiles when it starts, so a later
 * change reaches only later quotes.
 */

/**
 * The suppliers a signed-in buyer can invite, oldest first, with only what a buyer may know of
 * them. Floors, reservation spread, costs and concession style never leave the backend except in
 * the workflow's input. Before the table's first write it answers with the built-ins, which the
 * first quote writes. Signed out: an empty list.
 */
export const list = query({
  args: {},
  returns: v.array(publicSupplierValidator),
  handler: async (ctx) => {
    if ((await callerUserId(ctx)) === null) return [];
    if (await directoryIsUnwritten(ctx)) return BUILT_IN_SUPPLIERS.map(toPublic);
    return (await readDirectory(ctx)).map(toPublic);
  },
});

/**
 * Adds a supplier, or replaces the profile of the one with that id. Internal: run by an operator
 * from the CLI or dashboard, never callable by a buyer. The profile is checked by the domain's zod
 * schema first; a bad one is refused naming each bad field, and nothing is written. The built-ins
 * are written first if the table is still empty, so adding a fourth supplier keeps the three.
 */
export const upsert = internalMutation({
  args: supplierProfileValidator.fields,
  returns: v.union(v.literal("inserted"), v.literal("updated")),
  handler: async (ctx, profile) => {
    await seedIfEmpty(ctx);
    return await writeSupplier(ctx, profile);
  },
});

/** Writes the built-in suppliers if the table is empty; answers how many it wrote (0 on every later call). */
export const seed = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => await seedIfEmpty(ctx),
});

/**
 * Retires a supplier (operators: `npx convex run suppliers:retire '{"id": "…"}'`): buyers no longer
 * see it and no new quote may invite it; quotes already started with it finish with their snapshot.
 * `upsert` of the same id brings it back.
 */
export const retire = internalMutation({
  args: { id: v.string() },
  returns: v.union(v.literal("retired"), v.literal("already retired")),
  handler: async (ctx, { id }) => await retireSupplier(ctx, id),
});

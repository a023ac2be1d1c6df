import type { z } from "zod";
import { MAX_SUPPLIERS_PER_QUOTE, type SupplierProfile } from "./suppliers";

/** The refusal for an id the directory does not hold, naming a few it does. */
export function unknownSupplierMessage(supplierId: string, knownIds: readonly string[]): string {
  const shown = knownIds.slice(0, 10).join(", ");
  const more = knownIds.length > 10 ? ` and ${knownIds.length - 10} more` : "";
  return `unknown supplier "${supplierId}"; known suppliers: ${shown}${more}`;
}

/** Adds an issue at `[...path, i, "id"]` for each profile whose id an earlier one already has. */
export function checkDistinctSuppliers(
  suppliers: readonly Pick<SupplierProfile, "id">[],
  path: readonly (string | number)[],
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  suppliers.forEach((supplier, index) => {
    if (seen.has(supplier.id)) {
      ctx.addIssue({ code: "custom", path: [...path, index, "id"], message: `"${supplier.id}" is listed twice` });
    }
    seen.add(supplier.id);
  });
}

/**
 * Adds an issue at `supplierIds[i]` for each invited id the directory does not hold, and one at
 * `supplierIds` when a quote that names none would invite more than a quote may.
 */
export function checkInvitedSuppliers(
  supplierIds: readonly string[] | undefined,
  directory: readonly Pick<SupplierProfile, "id">[],
  ctx: z.RefinementCtx,
): void {
  const known = directory.map((s) => s.id);
  const knownSet = new Set(known);
  if (supplierIds === undefined) {
    if (directory.length > MAX_SUPPLIERS_PER_QUOTE) {
      ctx.addIssue({
        code: "custom",
        path: ["supplierIds"],
        message: `there are ${directory.length} suppliers: name at most ${MAX_SUPPLIERS_PER_QUOTE} to invite`,
      });
    }
    return;
  }
  supplierIds.forEach((id, index) => {
    if (!knownSet.has(id)) {
      ctx.addIssue({ code: "custom", path: ["supplierIds", index], message: unknownSupplierMessage(id, known) });
    }
  });
}

/**
 * The invited suppliers' profiles, in the quote's order: those named, else the whole directory.
 * Callers have checked the ids with `checkInvitedSuppliers`; an unknown one here is a bug.
 */
export function invitedSuppliers(
  directory: readonly SupplierProfile[],
  supplierIds: readonly string[] | undefined,
): SupplierProfile[] {
  if (supplierIds === undefined) return [...directory];
  const byId = new Map(directory.map((s) => [s.id, s]));
  return supplierIds.map((id) => {
    const profile = byId.get(id);
    if (!profile) throw new Error(unknownSupplierMessage(id, [...byId.keys()]));
    return profile;
  });
}

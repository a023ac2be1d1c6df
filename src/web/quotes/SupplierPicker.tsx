import { MAX_SUPPLIERS_PER_QUOTE } from "../../domain/suppliers";
import type { FunctionReturnType } from "convex/server";
import type { api } from "../../server/_generated/api";
import { FieldError } from "./FieldError";
import type { FieldErrors } from "./field-errors";

/** Whom to invite, from the directory; at most 50 per quote. */
export function SupplierPicker({
  suppliers,
  chosen,
  toggle,
  errors,
}: {
  suppliers: FunctionReturnType<typeof api.suppliers.list> | undefined;
  chosen: string[];
  toggle: (id: string, checked: boolean) => void;
  errors: FieldErrors;
}) {
  return (
    <fieldset className="card suppliers" data-testid="suppliers">
      <legend>Suppliers to invite</legend>
      <FieldError errors={errors} field="supplierIds" />
      {Object.keys(errors)
        .filter((field) => field.startsWith("supplierIds["))
        .map((field) => (
          <FieldError key={field} errors={errors} field={field} />
        ))}
      {suppliers === undefined ? (
        <p className="muted">Loading suppliers…</p>
      ) : (
        <>
          <p className="muted" data-testid="supplier-count">
            {chosen.length} of {suppliers.length} invited
            {suppliers.length > MAX_SUPPLIERS_PER_QUOTE ? ` (at most ${MAX_SUPPLIERS_PER_QUOTE} per quote)` : ""}
          </p>
          <div className="supplier-list" tabIndex={0} role="group" aria-label="Suppliers">
            {suppliers.map((supplier) => {
              const checked = chosen.includes(supplier.id);
              return (
                <label className="checkbox" key={supplier.id}>
                  <input
                    type="checkbox"
                    name="supplierIds"
                    value={supplier.id}
                    checked={checked}
                    disabled={!checked && chosen.length >= MAX_SUPPLIERS_PER_QUOTE}
                    onChange={(e) => toggle(supplier.id, e.target.checked)}
                  />
                  {/* One text block beside the box, so the name and its details wrap together. */}
                  <span>
                    {supplier.name}{" "}
                    <span className="muted">
                      — {supplier.country}, quality {supplier.quality}/5, on time{" "}
                      {Math.round(supplier.onTimeRate * 100)}%
                    </span>
                  </span>
                </label>
              );
            })}
          </div>
        </>
      )}
    </fieldset>
  );
}

import { MAX_SUPPLIERS_PER_QUOTE } from "../../domain/suppliers";
import type { FunctionReturnType } from "convex/server";
import type { ReactNode } from "react";
import type { api } from "../../server/_generated/api";
import { FieldError } from "./FieldError";
import type { FieldErrors } from "./field-errors";
import { SupplierChoice } from "./SupplierChoice";

/**
 * Whom to invite, from the directory, at most 50 per quote; and for each one invited, who answers:
 * their AI agent, or a person through a private link.
 */
export function SupplierPicker({
  suppliers,
  chosen,
  toggle,
  inPerson,
  setInPerson,
  errors,
  children,
}: {
  suppliers: FunctionReturnType<typeof api.suppliers.list> | undefined;
  chosen: string[];
  toggle: (id: string, checked: boolean) => void;
  /** The invited suppliers who answer in person. */
  inPerson: readonly string[];
  setInPerson: (id: string, answersInPerson: boolean) => void;
  errors: FieldErrors;
  /** Shown below the list: what applies to the suppliers answering in person. */
  children?: ReactNode;
}) {
  return (
    <fieldset className="card suppliers" data-testid="suppliers">
      <legend>Suppliers to invite</legend>
      <FieldError errors={errors} field="supplierIds" />
      {Object.keys(errors)
        .filter((field) => field.startsWith("supplierIds[") || field.startsWith("inPersonSupplierIds"))
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
                <SupplierChoice
                  key={supplier.id}
                  supplier={supplier}
                  invited={checked}
                  full={!checked && chosen.length >= MAX_SUPPLIERS_PER_QUOTE}
                  inPerson={inPerson.includes(supplier.id)}
                  toggle={(invited) => toggle(supplier.id, invited)}
                  setInPerson={(answersInPerson) => setInPerson(supplier.id, answersInPerson)}
                />
              );
            })}
          </div>
          {children}
        </>
      )}
    </fieldset>
  );
}

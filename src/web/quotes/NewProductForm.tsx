import { useMutation } from "convex/react";
import { useState } from "react";
import { productDetailsSchema } from "../../domain/products";
import { describeValidationError } from "../../domain/validation-error";
import { api } from "../../server/_generated/api";
import type { ProductView } from "./use-product-choices";
import { serverFieldErrors, type FieldErrors } from "./field-errors";
import { FieldError } from "./FieldError";

const EMPTY = { name: "", unit: "piece", referenceUnitPrice: "", specification: "" };

/**
 * A product of the buyer's own, for anything the catalog lacks: what it is, its unit, what it
 * usually costs (the default budget and what suppliers without a list price quote from) and, for the
 * suppliers, a specification. Nobody else sees it. Checked with the server's own schema first.
 */
export function NewProductForm({
  onAdded,
  onCancel,
}: {
  onAdded: (product: ProductView) => void;
  onCancel: () => void;
}) {
  const addMine = useMutation(api.products.addMine);
  const [draft, setDraft] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<typeof EMPTY>) => setDraft({ ...draft, ...change });

  const add = async () => {
    const price = draft.referenceUnitPrice.trim();
    const parsed = productDetailsSchema.safeParse({
      name: draft.name,
      unit: draft.unit,
      referenceUnitPrice: price === "" ? price : Number(price),
      ...(draft.specification.trim() === "" ? {} : { specification: draft.specification }),
    });
    if (!parsed.success)
      return setErrors(serverFieldErrors(`invalid quote:\n${describeValidationError(parsed.error)}`));
    setBusy(true);
    try {
      onAdded(await addMine(parsed.data));
      setDraft(EMPTY);
      setErrors({});
    } catch (error) {
      setErrors(serverFieldErrors(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="new-product" role="group" aria-label="Your own product" data-testid="new-product">
      <label>
        Product name
        <input name="name" value={draft.name} onChange={(e) => set({ name: e.target.value })} />
        <FieldError errors={errors} field="name" />
      </label>
      <label>
        Unit
        <input name="unit" value={draft.unit} onChange={(e) => set({ unit: e.target.value })} />
        <FieldError errors={errors} field="unit" />
      </label>
      <label>
        Usual price per unit ($)
        <input
          name="referenceUnitPrice"
          inputMode="decimal"
          value={draft.referenceUnitPrice}
          onChange={(e) => set({ referenceUnitPrice: e.target.value })}
        />
        <FieldError errors={errors} field="referenceUnitPrice" />
      </label>
      <label className="wide">
        What suppliers should know (optional)
        <textarea
          name="specification"
          rows={2}
          value={draft.specification}
          onChange={(e) => set({ specification: e.target.value })}
        />
        <FieldError errors={errors} field="specification" />
      </label>
      <FieldError errors={errors} field="(input)" />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void add()}>
          {busy ? "Adding…" : "Add product"}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

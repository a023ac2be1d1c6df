import { formatMoney } from "../../domain/money";
import { FieldError } from "./FieldError";
import type { FieldErrors } from "./field-errors";
import type { ProductChoices, ProductView } from "./use-product-choices";

/** A line as the form holds it: text as typed, checked on submit. */
export interface LineDraft {
  productId: string;
  quantity: string;
  maxUnitPrice: string;
}

/** One line of the quote: which product, how many, the most to pay per unit; removable unless it is the last. */
export function ProductLineRow({
  index,
  line,
  options,
  choices,
  errors,
  update,
  remove,
}: {
  index: number;
  line: LineDraft;
  options: readonly ProductView[];
  choices: ProductChoices;
  errors: FieldErrors;
  update: (change: Partial<LineDraft>) => void;
  remove: (() => void) | undefined;
}) {
  const product = choices.productOf(line.productId);
  return (
    <div className="line" data-testid={`line-${index}`}>
      <label>
        Product
        <select
          value={line.productId}
          onChange={(e) => {
            const chosen = choices.productOf(e.target.value);
            if (chosen) choices.remember(chosen);
            update({ productId: e.target.value });
          }}
        >
          {options.map((p) => (
            <option key={p.id} value={p.id}>
              {p.own ? `${p.name} (yours)` : p.name}
            </option>
          ))}
        </select>
        <span className="hint">
          {product ? `Usually ${formatMoney(product.referenceUnitPrice)} per ${product.unit}` : ""}
        </span>
        <FieldError errors={errors} field={`products[${index}].productId`} />
      </label>
      <label>
        Quantity
        <input
          name={`products[${index}].quantity`}
          inputMode="numeric"
          value={line.quantity}
          onChange={(e) => update({ quantity: e.target.value })}
        />
        <FieldError errors={errors} field={`products[${index}].quantity`} />
      </label>
      <label>
        Max unit price ($)
        <input
          name={`products[${index}].maxUnitPrice`}
          inputMode="decimal"
          placeholder="usual + 10%"
          value={line.maxUnitPrice}
          onChange={(e) => update({ maxUnitPrice: e.target.value })}
        />
        <FieldError errors={errors} field={`products[${index}].maxUnitPrice`} />
      </label>
      <button type="button" className="link" disabled={remove === undefined} onClick={remove}>
        Remove
      </button>
    </div>
  );
}

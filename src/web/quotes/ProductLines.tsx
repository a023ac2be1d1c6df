import { useState } from "react";
import { formatMoney } from "../../domain/money";
import { FieldError } from "./FieldError";
import type { FieldErrors } from "./field-errors";
import { NewProductForm } from "./NewProductForm";
import type { ProductChoices } from "./use-product-choices";

export interface LineDraft {
  productId: string;
  quantity: string;
  maxUnitPrice: string;
}

/** What to buy: a product, how many, and the most to pay per unit, one line each. */
export function ProductLines({
  lines,
  setLines,
  choices,
  errors,
}: {
  lines: LineDraft[];
  setLines: (lines: LineDraft[]) => void;
  choices: ProductChoices;
  errors: FieldErrors;
}) {
  const [adding, setAdding] = useState(false);
  const updateLine = (index: number, change: Partial<LineDraft>) =>
    setLines(lines.map((line, i) => (i === index ? { ...line, ...change } : line)));
  const onLines = new Set(lines.map((line) => line.productId));
  const options = (current: string) => {
    const listed = (choices.found ?? []).filter((p) => p.id === current || !onLines.has(p.id));
    const chosen = choices.productOf(current);
    return chosen && !listed.some((p) => p.id === current) ? [chosen, ...listed] : listed;
  };
  const nextProduct = (choices.found ?? []).find((p) => !onLines.has(p.id));
  return (
    <fieldset className="card">
      <legend>Products</legend>
      <FieldError errors={errors} field="products" />
      <label className="product-search">
        Find a product
        <input
          type="search"
          placeholder="Type the start of a name"
          value={choices.search}
          onChange={(e) => choices.setSearch(e.target.value)}
        />
        <span className="hint">
          {choices.found?.length === 0
            ? "Nothing by that name yet: add it as your own below."
            : "The product lists below show what matches."}
        </span>
      </label>
      {lines.map((line, index) => {
        const product = choices.productOf(line.productId);
        return (
          <div className="line" key={index} data-testid={`line-${index}`}>
            <label>
              Product
              <select
                value={line.productId}
                onChange={(e) => {
                  const chosen = choices.productOf(e.target.value);
                  if (chosen) choices.remember(chosen);
                  updateLine(index, { productId: e.target.value });
                }}
              >
                {options(line.productId).map((p) => (
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
                onChange={(e) => updateLine(index, { quantity: e.target.value })}
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
                onChange={(e) => updateLine(index, { maxUnitPrice: e.target.value })}
              />
              <FieldError errors={errors} field={`products[${index}].maxUnitPrice`} />
            </label>
            <button
              type="button"
              className="link"
              disabled={lines.length === 1}
              onClick={() => setLines(lines.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <div className="line-actions">
        {nextProduct && (
          <button
            type="button"
            className="link"
            onClick={() => setLines([...lines, { productId: nextProduct.id, quantity: "500", maxUnitPrice: "" }])}
          >
            + Add a product
          </button>
        )}
        {!adding && (
          <button type="button" className="link" onClick={() => setAdding(true)}>
            + Something not listed
          </button>
        )}
      </div>
      {adding && (
        <NewProductForm
          onCancel={() => setAdding(false)}
          onAdded={(product) => {
            choices.remember(product);
            setLines([...lines, { productId: product.id, quantity: "500", maxUnitPrice: "" }]);
            setAdding(false);
          }}
        />
      )}
    </fieldset>
  );
}

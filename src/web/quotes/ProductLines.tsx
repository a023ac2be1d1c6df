import { useState } from "react";
import { FieldError } from "./FieldError";
import type { FieldErrors } from "./field-errors";
import { NewProductForm } from "./NewProductForm";
import { ProductLineRow, type LineDraft } from "./ProductLineRow";
import type { ProductChoices } from "./use-product-choices";

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
      {lines.map((line, index) => (
        <ProductLineRow
          key={index}
          index={index}
          line={line}
          options={options(line.productId)}
          choices={choices}
          errors={errors}
          update={(change) => updateLine(index, change)}
          remove={lines.length === 1 ? undefined : () => setLines(lines.filter((_, i) => i !== index))}
        />
      ))}
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

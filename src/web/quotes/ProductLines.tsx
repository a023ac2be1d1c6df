import { formatMoney } from "../../domain/money";
import { PRODUCT_CATALOG } from "../../domain/products";
import { FieldError } from "./FieldError";
import type { FieldErrors } from "./field-errors";

export interface LineDraft {
  productId: string;
  quantity: string;
  maxUnitPrice: string;
}

function marketHint(productId: string): string {
  const product = PRODUCT_CATALOG.find((p) => p.id === productId);
  return product ? `Market price ${formatMoney(product.referenceUnitPrice)} per ${product.unit}` : "";
}

/** What to buy: a product, how many, and the most to pay per unit, one line each. */
export function ProductLines({
  lines,
  setLines,
  errors,
}: {
  lines: LineDraft[];
  setLines: (lines: LineDraft[]) => void;
  errors: FieldErrors;
}) {
  const updateLine = (index: number, change: Partial<LineDraft>) =>
    setLines(lines.map((line, i) => (i === index ? { ...line, ...change } : line)));
  const unused = PRODUCT_CATALOG.filter((p) => !lines.some((line) => line.productId === p.id));
  return (
    <fieldset className="card">
      <legend>Products</legend>
      <FieldError errors={errors} field="products" />
      {lines.map((line, index) => (
        <div className="line" key={index} data-testid={`line-${index}`}>
          <label>
            Product
            <select value={line.productId} onChange={(e) => updateLine(index, { productId: e.target.value })}>
              {PRODUCT_CATALOG.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
            <span className="hint">{marketHint(line.productId)}</span>
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
              placeholder="market + 10%"
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
      ))}
      {unused[0] && (
        <button
          type="button"
          className="link"
          style={{ alignSelf: "flex-start" }}
          onClick={() => setLines([...lines, { productId: unused[0]!.id, quantity: "500", maxUnitPrice: "" }])}
        >
          + Add a product
        </button>
      )}
    </fieldset>
  );
}

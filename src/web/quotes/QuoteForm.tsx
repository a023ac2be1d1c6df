import { useMutation, useQuery } from "convex/react";
import { useState, type FormEvent, type ReactNode } from "react";
import { PRODUCT_CATALOG } from "../../mastra/domain/products";
import { MAX_SUPPLIERS_PER_QUOTE } from "../../mastra/domain/suppliers";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { BuyerValuesFields } from "./BuyerValuesFields";
import { buyerValuesOf, EMPTY_BUYER_VALUES } from "./buyer-values";
import { checkQuote, serverFieldErrors, type FieldErrors } from "./field-errors";

interface LineDraft {
  productId: string;
  quantity: string;
  maxUnitPrice: string;
}

const PRIORITIES = ["price", "quality", "speed", "reliability"] as const;
type PriorityName = (typeof PRIORITIES)[number];

/** Starts as a typical spring order, so a first-time buyer can just press the button. */
const INITIAL_LINES: LineDraft[] = [
  { productId: "organic-tshirt", quantity: "2000", maxUnitPrice: "6.00" },
  { productId: "canvas-tote", quantity: "800", maxUnitPrice: "3.30" },
];
const INITIAL_PRIORITIES: Record<PriorityName, number> = { price: 4, quality: 3, speed: 2, reliability: 1 };

/** Empty text stays a string so the schema says "must be a number" rather than treating it as 0. */
const toNumber = (text: string): number | string => (text.trim() === "" ? text : Number(text));

export function QuoteForm({ onCreated }: { onCreated: (quoteId: Id<"quotes">) => void }) {
  const create = useMutation(api.quotes.create);
  const [lines, setLines] = useState<LineDraft[]>(INITIAL_LINES);
  const [priorities, setPriorities] = useState(INITIAL_PRIORITIES);
  const [maxLeadTimeDays, setMaxLeadTimeDays] = useState("45");
  const [buyerValues, setBuyerValues] = useState(EMPTY_BUYER_VALUES);
  const [userNotes, setUserNotes] = useState("GOTS-certified cotton only; our logo is screen-printed in two colours.");
  // The directory from Convex; until the buyer touches a checkbox, the first 50 of it are invited.
  const suppliers = useQuery(api.suppliers.list, {});
  const [chosenIds, setChosenIds] = useState<string[] | null>(null);
  const supplierIds = chosenIds ?? (suppliers ?? []).slice(0, MAX_SUPPLIERS_PER_QUOTE).map((s) => s.id);
  const toggleSupplier = (id: string, checked: boolean) =>
    setChosenIds(checked ? [...supplierIds, id] : supplierIds.filter((chosen) => chosen !== id));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const updateLine = (index: number, change: Partial<LineDraft>) =>
    setLines(lines.map((line, i) => (i === index ? { ...line, ...change } : line)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const request = {
      products: lines.map((line) => ({
        productId: line.productId,
        quantity: toNumber(line.quantity),
        ...(line.maxUnitPrice.trim() === "" ? {} : { maxUnitPrice: toNumber(line.maxUnitPrice) }),
      })),
      priorities,
      ...buyerValuesOf(buyerValues),
      userNotes,
      ...(maxLeadTimeDays.trim() === "" ? {} : { maxLeadTimeDays: toNumber(maxLeadTimeDays) }),
      supplierIds,
    };
    const checked = checkQuote(request);
    if ("errors" in checked) {
      setErrors(checked.errors);
      return;
    }
    if (suppliers === undefined) return;
    setErrors({});
    setBusy(true);
    try {
      onCreated(await create(checked.quote));
    } catch (error) {
      setErrors(serverFieldErrors(error));
    } finally {
      setBusy(false);
    }
  };

  const unused = PRODUCT_CATALOG.filter((p) => !lines.some((line) => line.productId === p.id));
  return (
    <form className="quote-form" onSubmit={(event) => void submit(event)} noValidate>
      <h1>Request a quote</h1>

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
                    {p.name} · market ${p.referenceUnitPrice.toFixed(2)}
                  </option>
                ))}
              </select>
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
            onClick={() => setLines([...lines, { productId: unused[0]!.id, quantity: "500", maxUnitPrice: "" }])}
          >
            + Add a product
          </button>
        )}
      </fieldset>

      <fieldset className="card">
        <legend>What matters most</legend>
        <FieldError errors={errors} field="priorities" />
        {PRIORITIES.map((name) => (
          <label className="slider" key={name}>
            <span>{name}</span>
            <input
              type="range"
              name={`priorities.${name}`}
              min={0}
              max={10}
              value={priorities[name]}
              onChange={(e) => setPriorities({ ...priorities, [name]: Number(e.target.value) })}
            />
            <output>{priorities[name]}</output>
            <FieldError errors={errors} field={`priorities.${name}`} />
          </label>
        ))}
      </fieldset>

      <fieldset className="card">
        <legend>Terms</legend>
        <label>
          Max lead time (days)
          <input
            name="maxLeadTimeDays"
            inputMode="numeric"
            value={maxLeadTimeDays}
            onChange={(e) => setMaxLeadTimeDays(e.target.value)}
          />
          <FieldError errors={errors} field="maxLeadTimeDays" />
        </label>
        <BuyerValuesFields draft={buyerValues} priorities={priorities} errors={errors} onChange={setBuyerValues} />
        <label>
          Private notes for your negotiator (never shown to suppliers)
          <textarea name="userNotes" rows={3} value={userNotes} onChange={(e) => setUserNotes(e.target.value)} />
          <FieldError errors={errors} field="userNotes" />
        </label>
      </fieldset>

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
              {supplierIds.length} of {suppliers.length} invited
              {suppliers.length > MAX_SUPPLIERS_PER_QUOTE ? ` (at most ${MAX_SUPPLIERS_PER_QUOTE} per quote)` : ""}
            </p>
            <div className="supplier-list">
              {suppliers.map((supplier) => {
                const checked = supplierIds.includes(supplier.id);
                return (
                  <label className="checkbox" key={supplier.id}>
                    <input
                      type="checkbox"
                      name="supplierIds"
                      value={supplier.id}
                      checked={checked}
                      disabled={!checked && supplierIds.length >= MAX_SUPPLIERS_PER_QUOTE}
                      onChange={(e) => toggleSupplier(supplier.id, e.target.checked)}
                    />
                    {/* One text block beside the box, so the name and its details wrap together. */}
                    <span>
                      {supplier.name}{" "}
                      <span className="muted">
                        — {supplier.country}, quality {supplier.quality}/5
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          </>
        )}
      </fieldset>

      <FieldError errors={errors} field="(input)" />
      <button type="submit" className="primary" disabled={busy || suppliers === undefined}>
        {busy ? "Starting…" : "Start negotiating"}
      </button>
    </form>
  );
}

function FieldError({ errors, field }: { errors: FieldErrors; field: string }): ReactNode {
  const message = errors[field];
  if (!message) return null;
  return (
    <span className="field-error" role="alert" data-field={field}>
      {message}
    </span>
  );
}

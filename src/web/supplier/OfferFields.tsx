import { formatMoney } from "../../domain/money";
import { FieldError } from "../quotes/FieldError";
import type { FieldErrors } from "../quotes/field-errors";
import { capitalise } from "../ui/plain-words";
import type { ReplyDraft } from "./reply-draft";
import { PAYMENT_CHOICES } from "./supplier-words";
import type { RequestedProduct, Terms } from "./supplier-view";

/** The terms of a counter-offer: a unit price per product, then delivery, payment and validity. */
export function OfferFields({
  draft,
  ask,
  products,
  errors,
  onChange,
}: {
  draft: ReplyDraft;
  ask: Terms;
  products: readonly RequestedProduct[];
  errors: FieldErrors;
  onChange: (draft: ReplyDraft) => void;
}) {
  const total = draftTotal(draft, products);
  const setPrice = (index: number, value: string) =>
    onChange({ ...draft, unitPrices: draft.unitPrices.map((price, i) => (i === index ? value : price)) });
  return (
    <fieldset className="reply-offer">
      <legend>Your offer</legend>
      {products.map((product, index) => {
        const asked = ask.lines.find((line) => line.productId === product.productId)?.unitPrice;
        const field = `terms.lines[${index}].unitPrice`;
        return (
          <label key={product.productId}>
            {capitalise(product.name)}: unit price ($)
            <input
              name={field}
              inputMode="decimal"
              value={draft.unitPrices[index] ?? ""}
              onChange={(e) => setPrice(index, e.target.value)}
            />
            <span className="hint">
              Quantity {product.quantity.toLocaleString("en-US")}
              {asked === undefined ? "" : ` · they offer ${formatMoney(asked)} per ${product.unit}`}
            </span>
            <FieldError errors={errors} field={field} />
          </label>
        );
      })}
      <p className="offer-total" data-testid="your-total">
        Your total: <strong>{total === undefined ? "—" : formatMoney(total)}</strong>
      </p>
      <div className="reply-terms">
        <label>
          Lead time (days)
          <input
            name="terms.leadTimeDays"
            inputMode="numeric"
            value={draft.leadTimeDays}
            onChange={(e) => onChange({ ...draft, leadTimeDays: e.target.value })}
          />
          <FieldError errors={errors} field="terms.leadTimeDays" />
        </label>
        <label>
          Offer valid for (days)
          <input
            name="terms.validityDays"
            inputMode="numeric"
            value={draft.validityDays}
            onChange={(e) => onChange({ ...draft, validityDays: e.target.value })}
          />
          <FieldError errors={errors} field="terms.validityDays" />
        </label>
        <label className="wide">
          Payment terms
          <select
            name="terms.paymentTerms"
            value={draft.paymentTerms}
            onChange={(e) => onChange({ ...draft, paymentTerms: e.target.value })}
          >
            {PAYMENT_CHOICES.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
          <FieldError errors={errors} field="terms.paymentTerms" />
        </label>
      </div>
    </fieldset>
  );
}

/** The offer's total as typed, once every price reads as a number. */
function draftTotal(draft: ReplyDraft, products: readonly RequestedProduct[]): number | undefined {
  let total = 0;
  for (const [index, product] of products.entries()) {
    const text = draft.unitPrices[index]?.trim() ?? "";
    const price = Number(text);
    if (text === "" || !Number.isFinite(price)) return undefined;
    total += price * product.quantity;
  }
  return total;
}

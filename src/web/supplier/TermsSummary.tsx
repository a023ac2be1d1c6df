import { formatMoney } from "../../domain/money";
import { totalPrice } from "../../domain/offer";
import { capitalise } from "../ui/plain-words";
import { paymentWords } from "./supplier-words";
import type { RequestedProduct, Terms } from "./supplier-view";

/** A set of terms at a glance, for the supplier: each line's price, the total, delivery, payment, validity. */
export function TermsSummary({
  title,
  terms,
  products,
  id,
}: {
  title: string;
  terms: Terms;
  products: readonly RequestedProduct[];
  id?: string;
}) {
  return (
    <div className="offer" id={id} data-testid="terms">
      <div className="offer-head">
        <span>{title}</span>
        <strong data-testid="terms-total">{formatMoney(totalPrice(terms))}</strong>
      </div>
      <table>
        <tbody>
          {terms.lines.map((line) => (
            <tr key={line.productId}>
              <td>{capitalise(products.find((p) => p.productId === line.productId)?.name ?? line.productId)}</td>
              <td className="num" data-testid="terms-line">
                {line.quantity.toLocaleString("en-US")} × {formatMoney(line.unitPrice)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <TermsLine terms={terms} />
    </div>
  );
}

/** Delivery, payment and validity in one line. */
export function TermsLine({ terms }: { terms: Terms }) {
  return (
    <div className="offer-terms">
      <span>delivery in {days(terms.leadTimeDays)}</span>
      <span>{paymentWords(terms.paymentTerms).toLowerCase()}</span>
      <span>valid {days(terms.validityDays)}</span>
    </div>
  );
}

const days = (count: number) => `${count} day${count === 1 ? "" : "s"}`;

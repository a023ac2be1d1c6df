import { formatMoney } from "../../domain/money";
import { productName, useQuoteProducts } from "../quotes/quote-products";
import { describePaymentTerms } from "../ui/plain-words";
import { offerTotal, type OfferTerms } from "./offer-total";

/** An offer's terms at a glance: unit prices, total, lead time, payment terms. */
export function OfferCard({ terms, final }: { terms: OfferTerms; final: boolean }) {
  const total = offerTotal(terms);
  const products = useQuoteProducts();
  return (
    <div className="offer" data-testid="offer">
      <div className="offer-head">
        <span>{final ? "Final offer" : "Latest offer"}</span>
        <strong data-testid="offer-total">{formatMoney(total)}</strong>
      </div>
      <table>
        <tbody>
          {terms.lines.map((line) => (
            <tr key={line.productId}>
              <td>{productName(products, line.productId)}</td>
              <td className="num">
                {line.quantity.toLocaleString("en-US")} × {formatMoney(line.unitPrice)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="offer-terms">
        <span>delivery in {terms.leadTimeDays} days</span>
        <span>{describePaymentTerms(terms.paymentTerms)}</span>
        <span>valid {terms.validityDays} days</span>
      </div>
    </div>
  );
}

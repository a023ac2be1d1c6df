import { useQuery } from "convex/react";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { orderCsv } from "./order-csv";
import { orderDocument, orderFileName, type PurchaseOrder } from "./order-document";
import { orderPdf } from "./order-pdf";

/** The purchase order of an awarded quote: to read, print, or download as PDF and CSV. */
export function PurchaseOrderPage({ quoteId }: { quoteId: Id<"quotes"> }) {
  const quote = useQuery(api.quotes.get, { quoteId });
  if (quote === undefined) return <p className="muted">Loading…</p>;
  const order = quote?.purchaseOrder;
  if (!order)
    return <p data-testid="order-missing">There is no purchase order for this quote: no deal has been awarded.</p>;
  const doc = orderDocument(order);
  return (
    <article className="card purchase-order" data-testid="purchase-order" aria-labelledby="order-title">
      <div className="section-head">
        <h1 id="order-title">{doc.title}</h1>
        <div className="order-actions">
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
          <button type="button" onClick={() => void downloadPdf(order)} data-testid="download-pdf">
            Download PDF
          </button>
          <button type="button" onClick={() => downloadCsv(order)} data-testid="download-csv">
            Download CSV
          </button>
        </div>
      </div>
      <dl className="facts order-facts">
        {doc.facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Order lines">
        <table className="data-table" data-testid="order-lines">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Unit price
              </th>
              <th scope="col" className="num">
                Line total
              </th>
            </tr>
          </thead>
          <tbody>
            {doc.lines.map((line) => (
              <tr key={line.product}>
                <td>{line.product}</td>
                <td className="num">{line.quantity}</td>
                <td className="num">{line.unitPrice}</td>
                <td className="num">{line.lineTotal}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="num" data-testid="order-total">
                <strong>{doc.total}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="order-back">
        <a href={`#/quotes/${quoteId}`}>Back to the negotiations</a>
      </p>
    </article>
  );
}

async function downloadPdf(order: PurchaseOrder): Promise<void> {
  const bytes = await orderPdf(order);
  download(new Blob([bytes.slice().buffer], { type: "application/pdf" }), orderFileName(order, "pdf"));
}

function downloadCsv(order: PurchaseOrder): void {
  download(new Blob([orderCsv(order)], { type: "text/csv;charset=utf-8" }), orderFileName(order, "csv"));
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

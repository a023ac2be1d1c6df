import { formatMoney } from "../../domain/money";
import type { Doc } from "../../server/_generated/dataModel";
import { capitalise, describePaymentTerms } from "../ui/plain-words";
import { calendarDate } from "../ui/relative-date";

/** The purchase order an award issued, as the quote holds it. */
export type PurchaseOrder = NonNullable<Doc<"quotes">["purchaseOrder"]>;

/** A purchase order in words, the same on the page, in the PDF and in the CSV. */
export interface OrderDocument {
  title: string;
  /** Label and value, in reading order. */
  facts: [string, string][];
  lines: { product: string; quantity: string; unitPrice: string; lineTotal: string }[];
  total: string;
}

export function orderDocument(order: PurchaseOrder): OrderDocument {
  const supplier = order.supplierCountry ? `${order.supplierName} (${order.supplierCountry})` : order.supplierName;
  return {
    title: `Purchase order ${order.number}`,
    facts: [
      ["Order number", order.number],
      ["Date", calendarDate(order.issuedAt)],
      ["Ordered by", order.buyerName],
      ["Supplier", supplier],
      ["Delivery by", `${calendarDate(order.deliveryBy)} (${order.leadTimeDays} days)`],
      ["Payment", capitalise(describePaymentTerms(order.paymentTerms))],
      ["Prices held until", `${calendarDate(order.validUntil)} (${order.validityDays} days)`],
    ],
    lines: order.lines.map((line) => ({
      product: capitalise(line.productName),
      quantity: `${line.quantity.toLocaleString("en-US")} ${line.unit}${line.quantity === 1 ? "" : "s"}`,
      unitPrice: formatMoney(line.unitPrice),
      lineTotal: formatMoney(line.lineTotal),
    })),
    total: formatMoney(order.total),
  };
}

/** The order's file names: its number, so a downloaded file says which order it is. */
export function orderFileName(order: PurchaseOrder, extension: "pdf" | "csv"): string {
  return `${order.number}.${extension}`;
}

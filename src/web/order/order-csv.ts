import type { PurchaseOrder } from "./order-document";

const HEADER = [
  "Order number",
  "Date",
  "Ordered by",
  "Supplier",
  "Product",
  "Quantity",
  "Unit",
  "Unit price",
  "Line total",
  "Lead time (days)",
  "Delivery by",
  "Payment terms",
  "Prices held until",
];

/**
 * The purchase order as a spreadsheet takes it: one row per line, every row complete (order number,
 * supplier, terms), numbers as plain numbers and dates as ISO days, fields quoted per RFC 4180.
 */
export function orderCsv(order: PurchaseOrder): string {
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  const rows = order.lines.map((line) => [
    order.number,
    day(order.issuedAt),
    order.buyerName,
    order.supplierName,
    line.productName,
    String(line.quantity),
    line.unit,
    line.unitPrice.toFixed(2),
    line.lineTotal.toFixed(2),
    String(order.leadTimeDays),
    day(order.deliveryBy),
    order.paymentTerms,
    day(order.validUntil),
  ]);
  return [HEADER, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Quoted when it holds a comma, a quote or a line break; a quote inside is doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

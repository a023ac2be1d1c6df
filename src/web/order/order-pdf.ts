import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { orderDocument, type PurchaseOrder } from "./order-document";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const INK = rgb(0.08, 0.11, 0.18);
const MUTED = rgb(0.38, 0.42, 0.5);
/** Where each table column starts, from the left margin: product, quantity, unit price, line total (right-aligned). */
const COLUMNS = { product: 0, quantity: 230, unitPrice: 390, lineTotal: 483 };

/**
 * The purchase order as a PDF (pdf-lib, in the browser): the same words as the page, on one A4 page
 * (a quote has at most twenty lines). Text the standard font cannot draw is replaced, never dropped.
 */
export async function orderPdf(order: PurchaseOrder): Promise<Uint8Array> {
  const doc = orderDocument(order);
  const pdf = await PDFDocument.create();
  pdf.setTitle(doc.title);
  pdf.setSubject(`Order with ${order.supplierName}`);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page = pdf.addPage(A4);
  const pen = new Pen(page, regular, bold);
  pen.write(doc.title, { size: 20, font: "bold" });
  pen.skip(8);
  for (const [label, value] of doc.facts) pen.pair(label, value);
  pen.skip(16);
  pen.row(["Product", "Quantity", "Unit price", "Line total"], "bold");
  pen.rule();
  for (const line of doc.lines) pen.row([line.product, line.quantity, line.unitPrice, line.lineTotal], "regular");
  pen.rule();
  pen.row(["Total", "", "", doc.total], "bold");
  pen.skip(24);
  pen.write("Issued through Supplier negotiations on the terms agreed with the supplier.", { size: 9, color: MUTED });
  return await pdf.save();
}

/** Writes down the page, line by line. */
class Pen {
  private y = A4[1] - MARGIN;

  constructor(
    private readonly page: PDFPage,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {}

  write(text: string, options: { size: number; font?: "regular" | "bold"; color?: ReturnType<typeof rgb> }): void {
    const font = options.font === "bold" ? this.bold : this.regular;
    this.y -= options.size * 1.3;
    this.page.drawText(drawable(font, text), {
      x: MARGIN,
      y: this.y,
      size: options.size,
      font,
      color: options.color ?? INK,
    });
  }

  pair(label: string, value: string): void {
    this.y -= 15;
    this.page.drawText(drawable(this.regular, label), {
      x: MARGIN,
      y: this.y,
      size: 10,
      font: this.regular,
      color: MUTED,
    });
    this.page.drawText(drawable(this.regular, value), {
      x: MARGIN + 120,
      y: this.y,
      size: 10,
      font: this.regular,
      color: INK,
    });
  }

  row(cells: [string, string, string, string], weight: "regular" | "bold"): void {
    const font = weight === "bold" ? this.bold : this.regular;
    this.y -= 16;
    const [product, quantity, unitPrice, lineTotal] = cells.map((cell) => drawable(font, cell)) as [
      string,
      string,
      string,
      string,
    ];
    this.page.drawText(fit(font, product, COLUMNS.quantity - 12), {
      x: MARGIN + COLUMNS.product,
      y: this.y,
      size: 10,
      font,
      color: INK,
    });
    this.page.drawText(quantity, { x: MARGIN + COLUMNS.quantity, y: this.y, size: 10, font, color: INK });
    this.page.drawText(unitPrice, { x: MARGIN + COLUMNS.unitPrice, y: this.y, size: 10, font, color: INK });
    const right = A4[0] - MARGIN;
    this.page.drawText(lineTotal, {
      x: right - font.widthOfTextAtSize(lineTotal, 10),
      y: this.y,
      size: 10,
      font,
      color: INK,
    });
  }

  rule(): void {
    this.y -= 6;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A4[0] - MARGIN, y: this.y },
      thickness: 0.5,
      color: MUTED,
    });
  }

  skip(points: number): void {
    this.y -= points;
  }
}

/** The text with every character the font cannot encode replaced by "?". */
function drawable(font: PDFFont, text: string): string {
  return [...text]
    .map((char) => {
      try {
        font.encodeText(char);
        return char;
      } catch {
        return "?";
      }
    })
    .join("");
}

/** Cut to fit the column, with an ellipsis. */
function fit(font: PDFFont, text: string, width: number): string {
  if (font.widthOfTextAtSize(text, 10) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}...`, 10) > width) cut = cut.slice(0, -1);
  return `${cut}...`;
}

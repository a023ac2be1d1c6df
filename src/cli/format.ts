import Table from "cli-table3";
import { stripVTControlCharacters, styleText } from "node:util";
import wrapAnsi from "wrap-ansi";
import { formatMoney } from "../domain/money";
import { totalPrice, type Terms } from "../domain/offer";
import type { NegotiationMessage, NegotiationStatus } from "../mastra/negotiation/negotiation-types";
import type { NegotiationResult } from "../mastra/negotiation/negotiation-types";
import type { NegotiationWorkflowOutput } from "../mastra/workflows/workflow-schemas";

type Color = "cyan" | "magenta" | "yellow" | "blue" | "green" | "red";
const SUPPLIER_COLORS: readonly Color[] = ["cyan", "magenta", "yellow", "blue"];

export function supplierColor(index: number): Color {
  return SUPPLIER_COLORS[index % SUPPLIER_COLORS.length] ?? "cyan";
}

export function describeTerms(terms: Terms): string {
  const lines = terms.lines
    .map((l) => `${l.productId} ${l.quantity.toLocaleString("en-US")} × ${formatMoney(l.unitPrice)}`)
    .join(", ");
  return `${lines} · ${terms.leadTimeDays} days · ${terms.paymentTerms} · total ${formatMoney(totalPrice(terms))}`;
}

export function formatMessage(message: NegotiationMessage, supplierName: string, color: Color, width: number): string {
  const who = message.sender === "brand" ? "Brand" : supplierName;
  const header = wrapAnsi(
    [
      styleText(["bold", color], `[${supplierName} · round ${message.round}]`),
      styleText("bold", who),
      styleText("dim", `→ ${message.decision}: ${describeTerms(message.terms)}`),
    ].join(" "),
    Math.max(20, width - 1),
  );
  const notes = [
    message.metadata.guardrail ? styleText("red", `  ⚠ guardrail: ${message.metadata.guardrail}`) : "",
    message.metadata.interrupted ? styleText("red", "  ⚠ message interrupted") : "",
  ].filter(Boolean);
  const body = wrapAnsi(message.content, Math.max(20, width - 4), { hard: true })
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
  return [header, ...notes, body].join("\n");
}

const STATUS_STYLE: Record<NegotiationStatus, Color | "dim"> = {
  pending: "dim",
  active: "blue",
  waiting: "magenta",
  completed: "green",
  awarded: "green",
  declined: "dim",
  impasse: "yellow",
  failed: "red",
  cancelled: "red",
};

export function formatStatus(status: NegotiationStatus): string {
  return styleText(STATUS_STYLE[status], status);
}

interface TableLayout {
  head: string[];
  /** Row separators and cell padding: the roomy look where there is room. */
  compact: boolean;
  /** Longest supplier name before it wraps onto a second line. */
  nameWidth?: number;
}

/** From roomiest to narrowest; the first that fits the terminal is used. */
const LAYOUTS: readonly TableLayout[] = [
  { head: ["Supplier", "Outcome", "Rounds", "Total", "Lead time", "Payment", "Score"], compact: false },
  { head: ["Supplier", "Outcome", "Rounds", "Total", "Lead", "Payment", "Score"], compact: true },
  { head: ["Supplier", "Outcome", "Rds", "Total", "Lead", "Pay", "Score"], compact: true, nameWidth: 9 },
];

function renderTable(output: NegotiationWorkflowOutput, layout: TableLayout, color: boolean): string {
  const scores = new Map(output.recommendation.ranking.map((r) => [r.negotiationId, r.score]));
  const padding = layout.compact ? 0 : 1;
  const table = new Table({
    head: layout.head,
    style: {
      ...(color ? { head: ["bold"], border: ["grey"] } : { head: [], border: [] }),
      compact: layout.compact,
      "padding-left": padding,
      "padding-right": padding,
    },
    ...(layout.nameWidth ? { colWidths: [layout.nameWidth + 2 * padding], wordWrap: true } : {}),
  });
  for (const result of output.results) {
    const terms = result.finalOffer ?? result.lastOffer;
    const score = scores.get(result.negotiationId);
    table.push([
      result.supplierName,
      formatStatus(result.status),
      String(result.rounds),
      terms ? `${formatMoney(totalPrice(terms))}${result.finalOffer ? "" : "*"}` : "—",
      terms ? `${terms.leadTimeDays} days` : "—",
      terms?.paymentTerms ?? "—",
      score === undefined ? "—" : score.toFixed(3),
    ]);
  }
  return table.toString();
}

function widest(text: string): number {
  return Math.max(
    ...stripVTControlCharacters(text)
      .split("\n")
      .map((line) => line.length),
  );
}

/** The summary table in the roomiest layout that fits `width` columns. */
export function formatTable(output: NegotiationWorkflowOutput, width: number, color: boolean): string {
  let table = "";
  for (const layout of LAYOUTS) {
    table = renderTable(output, layout, color);
    if (widest(table) <= width) break;
  }
  return table;
}

export function formatSummary(output: NegotiationWorkflowOutput, width: number, color: boolean): string {
  const recommended = output.recommendation.recommended;
  const heading = recommended
    ? styleText(["bold", "green"], `Recommendation: ${recommended.supplierName}`)
    : styleText(["bold", "yellow"], "No recommendation");
  const footnote = output.results.some((r) => !r.finalOffer && r.lastOffer)
    ? [styleText("dim", "* the supplier's last offer, not agreed")]
    : [];
  return [
    formatTable(output, width, color),
    ...footnote,
    "",
    heading,
    wrapAnsi(output.recommendation.explanation, Math.max(40, width - 2)),
  ].join("\n");
}

/**
 * One line per distinct reason when every negotiation failed, naming the suppliers it hit: the
 * same unreachable model fails them all, and saying so once is what the buyer needs.
 */
export function describeFailures(results: readonly NegotiationResult[]): string {
  const bySuppliers = new Map<string, string[]>();
  for (const result of results) {
    const reason = (result.reason ?? "unknown error").split("\n")[0]!.slice(0, 300);
    bySuppliers.set(reason, [...(bySuppliers.get(reason) ?? []), result.supplierName]);
  }
  const lines = [...bySuppliers].map(([reason, names]) => `  ${reason} (${names.join(", ")})`);
  return [`Every negotiation failed, so there is nothing to recommend:`, ...lines].join("\n");
}

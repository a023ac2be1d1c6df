export function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Built once: a locale formatter is costly to create, and money is formatted for every message. */
const DOLLARS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatMoney(value: number): string {
  return `$${DOLLARS.format(value)}`;
}

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const DATE = new Intl.DateTimeFormat("en", { day: "numeric", month: "short", year: "numeric" });

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
];

/** "just now", "5 minutes ago", "yesterday"; after a week, the date. */
export function relativeDate(at: number, now: number): string {
  let amount = (at - now) / 1000;
  if (Math.abs(amount) < 30) return "just now";
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return RELATIVE.format(Math.round(amount), unit);
    amount /= size;
  }
  return DATE.format(at);
}

/** "5 Dec 2026": a day the buyer acts by (an offer's validity, a delivery date). */
export function calendarDate(at: number): string {
  return DATE.format(at);
}

const DATE_TIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** "5 Dec 2026, 14:03": when something happened (the audit trail). */
export function dateAndTime(at: number): string {
  return DATE_TIME.format(at);
}

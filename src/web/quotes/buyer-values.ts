import type { BuyerValues } from "../../domain/quote";

/** The two advanced fields as typed: empty means "use the default from my priorities". */
export interface BuyerValuesDraft {
  leadTimeDayPercent: string;
  creditMonthPercent: string;
}

export const EMPTY_BUYER_VALUES: BuyerValuesDraft = { leadTimeDayPercent: "", creditMonthPercent: "" };

/** The draft as the quote's `buyerValues`, or nothing when both are empty; text stays text so the schema names it. */
export function buyerValuesOf(draft: BuyerValuesDraft): {
  buyerValues?: Partial<Record<keyof BuyerValues, number | string>>;
} {
  const value = (text: string) => (text.trim() === "" ? undefined : Number.isNaN(Number(text)) ? text : Number(text));
  const leadTimeDayPercent = value(draft.leadTimeDayPercent);
  const creditMonthPercent = value(draft.creditMonthPercent);
  if (leadTimeDayPercent === undefined && creditMonthPercent === undefined) return {};
  // Partial: either may be left to its default; the quote schema checks what is given.
  return {
    buyerValues: {
      ...(leadTimeDayPercent === undefined ? {} : { leadTimeDayPercent }),
      ...(creditMonthPercent === undefined ? {} : { creditMonthPercent }),
    },
  };
}

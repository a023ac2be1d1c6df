import type { ReactNode } from "react";
import type { Priorities } from "../../domain/quote";
import { buyerRatesOf } from "../../domain/utility";
import type { BuyerValuesDraft } from "./buyer-values";
import type { FieldErrors } from "./field-errors";

const percent = (share: number) => `${(share * 100).toFixed(2).replace(/\.?0+$/, "")} %`;

/**
 * What a day sooner and a month of credit are worth to the buyer, folded away: most buyers leave
 * them empty, and each empty field says the default its priorities give (domain/utility.ts).
 */
export function BuyerValuesFields({
  draft,
  priorities,
  errors,
  onChange,
}: {
  draft: BuyerValuesDraft;
  priorities: Priorities;
  errors: FieldErrors;
  onChange: (draft: BuyerValuesDraft) => void;
}): ReactNode {
  const defaults = buyerRatesOf(priorities, undefined);
  return (
    <details className="advanced">
      <summary>Advanced: what time and credit are worth to you</summary>
      <label>
        A day sooner is worth (% of the order)
        <input
          name="buyerValues.leadTimeDayPercent"
          inputMode="decimal"
          placeholder={percent(defaults.leadDayShare).replace(" %", "")}
          value={draft.leadTimeDayPercent}
          onChange={(e) => onChange({ ...draft, leadTimeDayPercent: e.target.value })}
        />
        <span className="muted">
          Empty: {percent(defaults.leadDayShare)} a day, 1 % × speed ÷ (price + speed) from your priorities.
        </span>
        <ErrorFor errors={errors} field="buyerValues.leadTimeDayPercent" />
      </label>
      <label>
        A month of credit is worth (% of the order)
        <input
          name="buyerValues.creditMonthPercent"
          inputMode="decimal"
          placeholder="0.99"
          value={draft.creditMonthPercent}
          onChange={(e) => onChange({ ...draft, creditMonthPercent: e.target.value })}
        />
        <span className="muted">Empty: about 1 % a month (12 % a year), what paying 30 days later saves you.</span>
        <ErrorFor errors={errors} field="buyerValues.creditMonthPercent" />
      </label>
    </details>
  );
}

function ErrorFor({ errors, field }: { errors: FieldErrors; field: string }): ReactNode {
  const message = errors[field];
  return message ? (
    <span className="field-error" role="alert" data-field={field}>
      {message}
    </span>
  ) : null;
}

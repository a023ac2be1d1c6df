import { FieldError } from "./FieldError";
import type { FieldErrors } from "./field-errors";

/**
 * How long a supplier answering in person has to reply to each of your negotiator's messages, in
 * hours (the quote keeps seconds). Past it their negotiation ends without a deal.
 */
export function ReplyTimeField({
  hours,
  setHours,
  errors,
}: {
  hours: string;
  setHours: (hours: string) => void;
  errors: FieldErrors;
}) {
  return (
    <label className="reply-time">
      Time to reply to each message (hours)
      <span className="hint">
        For the suppliers answering in person. Your negotiator waits this long for each reply; with none, their
        negotiation ends without a deal.
      </span>
      <input name="replyWithinHours" inputMode="decimal" value={hours} onChange={(e) => setHours(e.target.value)} />
      <FieldError errors={errors} field="replyWithinSeconds" />
    </label>
  );
}

import type { ReactNode } from "react";
import type { FieldErrors } from "./field-errors";

/** The problem with one field, in words, beside it. */
export function FieldError({ errors, field }: { errors: FieldErrors; field: string }): ReactNode {
  const message = errors[field];
  if (!message) return null;
  return (
    <span className="field-error" role="alert" data-field={field}>
      {message}
    </span>
  );
}

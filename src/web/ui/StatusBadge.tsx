import type { StatusLook } from "./status";

/** A status as a coloured pill with a plain word; `data-status` keeps the stored status for tests. */
export function StatusBadge({ status, look }: { status: string; look: StatusLook }) {
  return (
    <span className="badge" data-tone={look.tone} data-testid="status" data-status={status}>
      {look.label}
    </span>
  );
}

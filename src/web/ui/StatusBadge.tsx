/** A status as a coloured pill; `data-status` lets tests and styles read it. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status" data-status={status}>
      {status}
    </span>
  );
}

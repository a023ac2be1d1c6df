import { formatMoney } from "../../domain/money";

/** "$1,234.00 (9%) less than …", or nothing when the deal is not below the reference. */
export function Saving({ total, reference, against }: { total: number; reference: number; against: string }) {
  const saved = reference - total;
  if (!(reference > 0) || saved < 0.005) return <span className="muted">no saving against {against}</span>;
  return (
    <span>
      <span className="saving">
        {formatMoney(saved)} ({Math.round((saved / reference) * 100)}%)
      </span>{" "}
      <span className="against">less than {against}</span>
    </span>
  );
}

import type { MouseEvent } from "react";
import { formatMoney } from "../../domain/money";
import type { Doc } from "../../server/_generated/dataModel";
import { negotiationLook } from "../ui/status";
import { offerTotal } from "./offer-total";

/** The order statuses are counted in: still going first, then how they ended. */
const STATUS_ORDER = [
  "active",
  "waiting",
  "pending",
  "completed",
  "awarded",
  "declined",
  "impasse",
  "failed",
  "cancelled",
] as const;

/** Where a supplier's column is on the page, for the summary's links. */
export function columnAnchor(negotiationId: string): string {
  return `negotiation-${negotiationId}`;
}

/**
 * One line above the columns, for a quote too wide to see at once (up to 50 suppliers): how many
 * negotiations stand where, and the lowest offer on the table so far (an agreed one if any,
 * else the latest), with a link to its column.
 */
export function BoardSummary({ negotiations }: { negotiations: readonly Doc<"negotiations">[] }) {
  const counts = STATUS_ORDER.map(
    (status) => [status, negotiations.filter((n) => n.status === status).length] as const,
  );
  const offers = negotiations.flatMap((n) => {
    const terms = n.finalOffer ?? n.latestOffer;
    return terms ? [{ negotiation: n, total: offerTotal(terms), agreed: n.finalOffer !== undefined }] : [];
  });
  const agreed = offers.filter((o) => o.agreed);
  const pool = agreed.length > 0 ? agreed : offers;
  const lowest = pool.reduce<(typeof pool)[number] | undefined>(
    (best, o) => (!best || o.total < best.total ? o : best),
    undefined,
  );
  return (
    <p className="board-summary" data-testid="board-summary">
      <span data-testid="summary-counts" aria-live="polite">
        {negotiations.length} supplier{negotiations.length === 1 ? "" : "s"}:{" "}
        {counts
          .filter(([, count]) => count > 0)
          .map(([status, count]) => `${count} ${negotiationLook(status).label.toLowerCase()}`)
          .join(" · ")}
      </span>
      {lowest && (
        <span data-testid="summary-lowest">
          {" "}
          — lowest {lowest.agreed ? "agreed" : "offer so far"}: <strong>{formatMoney(lowest.total)}</strong> from{" "}
          <a
            href={`#${columnAnchor(lowest.negotiation._id)}`}
            onClick={(event) => showColumn(event, lowest.negotiation._id)}
          >
            {lowest.negotiation.supplierName}
          </a>
        </span>
      )}
    </p>
  );
}

/** Brings a column into view inside the row (the page's address stays the board's own). */
function showColumn(event: MouseEvent, negotiationId: string): void {
  event.preventDefault();
  const column = document.getElementById(columnAnchor(negotiationId));
  column?.scrollIntoView({ behavior: "smooth", block: "nearest", inline: "start" });
  column?.focus({ preventScroll: true });
}

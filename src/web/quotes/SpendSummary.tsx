import type { FunctionReturnType } from "convex/server";
import { formatMoney, roundCents } from "../../domain/money";
import type { api } from "../../server/_generated/api";

type Overview = FunctionReturnType<typeof api.quoteOverview.listMine>[number];

/** Across your awarded quotes: what you ordered, and what your negotiator saved against the first offers. */
export function SpendSummary({ quotes }: { quotes: readonly Overview[] }) {
  const awarded = quotes.flatMap((q) => (q.awarded ? [q.awarded] : []));
  if (awarded.length === 0) return null;
  const spent = roundCents(awarded.reduce((sum, a) => sum + a.total, 0));
  const compared = awarded.filter((a) => a.firstOfferTotal !== undefined);
  const firstOffers = compared.reduce((sum, a) => sum + (a.firstOfferTotal ?? 0), 0);
  const saved = roundCents(firstOffers - compared.reduce((sum, a) => sum + a.total, 0));
  return (
    <p className="card spend-summary" data-testid="spend-summary">
      You awarded {awarded.length} order{awarded.length === 1 ? "" : "s"} worth <strong>{formatMoney(spent)}</strong>
      {compared.length > 0 && firstOffers > 0 && (
        <>
          , <strong>{formatMoney(saved)}</strong> ({Math.round((saved / firstOffers) * 100)}%) less than the suppliers'
          first offers
        </>
      )}
      .
    </p>
  );
}

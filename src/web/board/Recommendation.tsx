import { formatMoney } from "../../mastra/domain/money";
import type { Doc } from "../../server/_generated/dataModel";

type Recommendation = NonNullable<Doc<"quotes">["recommendation"]>;
type Priorities = Doc<"quotes">["priorities"];
const CRITERIA = ["price", "quality", "speed", "reliability"] as const;

/** The pick, why, and every agreed offer's score broken down by the buyer's priorities. */
export function Recommendation({
  recommendation,
  priorities,
}: {
  recommendation: Recommendation;
  priorities: Priorities;
}) {
  const totalWeight = CRITERIA.reduce((sum, c) => sum + priorities[c], 0) || 1;
  const winner = recommendation.ranking.find((r) => r.supplierId === recommendation.recommendedSupplierId);
  return (
    <section className="card recommendation" data-testid="recommendation">
      <h2>{winner ? `Recommended: ${winner.supplierName}` : "No supplier to recommend"}</h2>
      <p data-testid="explanation">{recommendation.explanation}</p>
      {recommendation.ranking.length > 0 && (
        <table className="ranking" data-testid="ranking">
          <thead>
            <tr>
              <th>#</th>
              <th>Supplier</th>
              <th className="num">Total</th>
              <th className="num">Lead time</th>
              <th>Payment</th>
              {CRITERIA.map((c) => (
                <th key={c}>
                  {c} <span className="muted">×{(priorities[c] / totalWeight).toFixed(2)}</span>
                </th>
              ))}
              <th className="num">Score</th>
            </tr>
          </thead>
          <tbody>
            {recommendation.ranking.map((offer, index) => (
              <tr key={offer.supplierId} className={offer === winner ? "winner" : ""}>
                <td>{index + 1}</td>
                <td>{offer.supplierName}</td>
                <td className="num">{formatMoney(offer.totalPrice)}</td>
                <td className="num">{offer.leadTimeDays} d</td>
                <td>{offer.paymentTerms}</td>
                {CRITERIA.map((c) => (
                  <td key={c}>
                    {offer.criteria ? (
                      <Bar value={offer.criteria[c]} label={`${c} ${offer.criteria[c].toFixed(2)}`} />
                    ) : (
                      "—"
                    )}
                  </td>
                ))}
                <td className="num">
                  <strong>{offer.score.toFixed(3)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Bar({ value, label }: { value: number; label: string }) {
  const percent = Math.max(0, Math.min(1, value)) * 100;
  return (
    <div className="bar" title={label} aria-label={label}>
      <div className="bar-fill" style={{ width: `${percent}%` }} />
      <span>{value.toFixed(2)}</span>
    </div>
  );
}

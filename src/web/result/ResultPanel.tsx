import type { Doc } from "../../server/_generated/dataModel";
import { DealComparison } from "./DealComparison";
import { NoDeal } from "./NoDeal";
import { RecommendedDeal } from "./RecommendedDeal";

type Recommendation = NonNullable<Doc<"quotes">["recommendation"]>;

/** The result once it is in: the recommended deal and every deal beside it, or why there is none. */
export function ResultPanel({
  quote,
  recommendation,
  negotiations,
}: {
  quote: Doc<"quotes">;
  recommendation: Recommendation;
  negotiations: Doc<"negotiations">[];
}) {
  const winnerId = recommendation.recommendedSupplierId;
  const winner = negotiations.find((n) => n.supplierId === winnerId);
  if (!winnerId || !winner) return <NoDeal recommendation={recommendation} negotiations={negotiations} />;
  return (
    <section className="card result recommended" data-testid="recommendation" aria-labelledby="result-title">
      <RecommendedDeal quote={quote} recommendation={recommendation} negotiation={winner} />
      <DealComparison ranking={recommendation.ranking} winnerId={winnerId} priorities={quote.priorities} />
    </section>
  );
}

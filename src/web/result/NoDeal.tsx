import type { Doc } from "../../server/_generated/dataModel";
import { EndReason } from "../board/EndReason";
import { useQuoteProducts } from "../quotes/quote-products";
import { inPlainWords } from "../ui/plain-words";
import { StatusBadge } from "../ui/StatusBadge";
import { negotiationLook } from "../ui/status";

type Recommendation = NonNullable<Doc<"quotes">["recommendation"]>;

/** What the explanation advises at its end ("To reach a deal, …"), if it does. */
function advice(explanation: string): string | undefined {
  return explanation.match(/(To reach a deal, .*|Allowing more rounds .*|Nothing was agreed .*)$/)?.[1];
}

/** No supplier agreed: say so plainly, supplier by supplier, and what you could change. */
export function NoDeal({
  recommendation,
  negotiations,
}: {
  recommendation: Recommendation;
  negotiations: Doc<"negotiations">[];
}) {
  const whatToChange = advice(recommendation.explanation);
  const quoteProducts = useQuoteProducts();
  return (
    <section className="card result no-deal" data-testid="no-deal" aria-labelledby="result-title">
      <div>
        <h2 id="result-title">No deal: no supplier agreed within your limits</h2>
        <p className="muted small">Nothing is recommended and nothing will be ordered.</p>
      </div>
      <ul className="stack" data-testid="no-deal-reasons" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {negotiations.map((n) => (
          <li key={n._id}>
            <strong>{n.supplierName}</strong> <StatusBadge status={n.status} look={negotiationLook(n.status)} />
            {n.error && (
              <span className="muted">
                {" "}
                — <EndReason negotiation={n} />
              </span>
            )}
          </li>
        ))}
      </ul>
      {whatToChange && (
        <p data-testid="no-deal-advice">
          <strong>What you could change: </strong>
          {inPlainWords(whatToChange, quoteProducts)}
        </p>
      )}
    </section>
  );
}

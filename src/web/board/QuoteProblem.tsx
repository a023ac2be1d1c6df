import type { Doc } from "../../server/_generated/dataModel";

/**
 * What went wrong with the quote as a whole, in words; the service's own message is kept behind
 * "Details for support", since it names its internals.
 */
export function QuoteProblem({ quote }: { quote: Doc<"quotes"> }) {
  if (!quote.error) return null;
  const started = quote.workflowRunId !== undefined;
  return (
    <div className="error-box" role="alert" data-testid="quote-problem">
      <p>
        {started
          ? "The negotiation service stopped before it could finish this quote."
          : "The negotiation service could not start this quote."}{" "}
        {quote.recommendation ? "The result below stands." : "Nothing was agreed; start a new quote to try again."}
      </p>
      <details>
        <summary>Details for support</summary>
        <code className="small">{quote.error}</code>
      </details>
    </div>
  );
}

import { useQuery } from "convex/react";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { dateAndTime } from "../ui/relative-date";

/** Who did what on the quote, and when: requested, cancelled, awarded, declined. */
export function QuoteHistory({ quoteId }: { quoteId: Id<"quotes"> }) {
  const events = useQuery(api.decisions.history, { quoteId });
  if (!events || events.length === 0) return null;
  return (
    <section className="history" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">History</h2>
      <ol>
        {events.map((event) => (
          <li key={event._id}>
            <time dateTime={new Date(event.at).toISOString()}>{dateAndTime(event.at)}</time> — You: {event.detail}
          </li>
        ))}
      </ol>
    </section>
  );
}

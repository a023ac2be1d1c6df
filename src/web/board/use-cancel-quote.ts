import { useMutation } from "convex/react";
import { api } from "../../server/_generated/api";

const OPEN_NEGOTIATION = ["pending", "active", "waiting"];

/** Cancels a quote, optimistically: the page shows "cancelled" at once; the server confirms moments later. */
export function useCancelQuote() {
  return useMutation(api.quotes.cancel).withOptimisticUpdate((store, { quoteId }) => {
    const current = store.getQuery(api.quotes.get, { quoteId });
    if (current) store.setQuery(api.quotes.get, { quoteId }, { ...current, status: "cancelled" });
    const columns = store.getQuery(api.negotiations.listByQuote, { quoteId });
    if (columns) {
      store.setQuery(
        api.negotiations.listByQuote,
        { quoteId },
        columns.map((n) => (OPEN_NEGOTIATION.includes(n.status) ? { ...n, status: "cancelled" as const } : n)),
      );
    }
  });
}

import { useSyncExternalStore } from "react";
import type { Id } from "../server/_generated/dataModel";

/** Four pages, addressed by the URL's hash so a board or an order can be bookmarked and reloaded. */
export type Route =
  | { page: "list" }
  | { page: "new" }
  | { page: "board"; quoteId: Id<"quotes"> }
  | { page: "order"; quoteId: Id<"quotes"> };

export function parseRoute(hash: string): Route {
  const board = hash.match(/^#\/quotes\/([^/]+)$/);
  if (board) return { page: "board", quoteId: board[1] as Id<"quotes"> };
  const order = hash.match(/^#\/quotes\/([^/]+)\/order$/);
  if (order) return { page: "order", quoteId: order[1] as Id<"quotes"> };
  if (hash === "#/new") return { page: "new" };
  return { page: "list" };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(
    (onChange) => {
      window.addEventListener("hashchange", onChange);
      return () => window.removeEventListener("hashchange", onChange);
    },
    () => window.location.hash,
  );
  return parseRoute(hash);
}

export function navigate(hash: string): void {
  window.location.hash = hash;
}

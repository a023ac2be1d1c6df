import { useSyncExternalStore } from "react";
import type { Id } from "../server/_generated/dataModel";

/**
 * The pages, addressed by the URL's hash so a board or an order can be bookmarked and reloaded. The
 * supplier's page is opened by its private link alone (`#/supplier/<token>`), with no account.
 */
export type Route =
  | { page: "list" }
  | { page: "new" }
  | { page: "board"; quoteId: Id<"quotes"> }
  | { page: "order"; quoteId: Id<"quotes"> }
  | { page: "supplier"; token: string };

export function parseRoute(hash: string): Route {
  const supplier = hash.match(/^#\/supplier\/([^/]*)$/);
  if (supplier) return { page: "supplier", token: supplier[1]! };
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

/** The address a supplier opens to answer in person: this app's own, whatever host serves it. */
export function supplierLinkUrl(token: string): string {
  return `${window.location.origin}${window.location.pathname}#/supplier/${token}`;
}

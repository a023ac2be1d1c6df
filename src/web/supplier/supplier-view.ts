import type { FunctionReturnType } from "convex/server";
import type { api } from "../../server/_generated/api";

/** The negotiation as its supplier sees it through their link (supplierPortal.view), once it opens. */
export type SupplierView = NonNullable<FunctionReturnType<typeof api.supplierPortal.view>>;
export type SupplierMessage = SupplierView["messages"][number];
export type RequestedProduct = SupplierView["products"][number];
export type Terms = SupplierMessage["terms"] & {};

/** The message the supplier answers: the negotiator's latest, once it is finished and names its terms. */
export function standingAsk(view: SupplierView): (SupplierMessage & { terms: Terms }) | undefined {
  const last = view.messages.at(-1);
  if (!last || last.sender !== "brand" || last.isPartial || last.terms === undefined) return undefined;
  return { ...last, terms: last.terms };
}

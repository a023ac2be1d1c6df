import type { Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

/** How the buyer is named to others (a purchase order, a supplier's page): their name, else their email. */
export async function buyerNameOf(ctx: QueryCtx, userId: string): Promise<string> {
  const user = await ctx.db.get("users", userId as Id<"users">);
  return user?.name ?? user?.email ?? "Buyer";
}

import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  messageDeltaFields,
  messageFields,
  negotiationFields,
  productFields,
  quoteEventFields,
  quoteFields,
  supplierFields,
} from "./model/validators";

export default defineSchema({
  // users, sessions, accounts, refresh tokens… of Convex Auth.
  ...authTables,
  // listMine: the caller's quotes, newest first.
  quotes: defineTable(quoteFields).index("by_ownerId_and_createdAt", ["ownerId", "createdAt"]),
  // listByQuote, and closing every open negotiation of a quote.
  negotiations: defineTable(negotiationFields).index("by_quoteId_and_supplierId", ["quoteId", "supplierId"]),
  messages: defineTable(messageFields)
    // listMessages in order, and the (negotiationId, sequence) idempotency key of every write.
    .index("by_negotiationId_and_sequence", ["negotiationId", "sequence"])
    // Finding messages left streaming when a negotiation ends, without reading the transcript.
    .index("by_negotiationId_and_isPartial", ["negotiationId", "isPartial"]),
  // A quote's audit trail, oldest first (quotes.history).
  quoteEvents: defineTable(quoteEventFields).index("by_quoteId_and_at", ["quoteId", "at"]),
  // Numbers handed out in sequence, by name (the purchase order numbers).
  counters: defineTable({ name: v.string(), value: v.number() }).index("by_name", ["name"]),
  // Text appended to a streaming message (streamedText.ts), read in order after its stored content;
  // folded into the message and deleted once it is final.
  messageDeltas: defineTable(messageDeltaFields).index("by_messageId_and_start", ["messageId", "start"]),
  // The supplier directory (suppliers.ts): one profile per supplier id, looked up when a quote invites it.
  suppliers: defineTable(supplierFields).index("by_supplierId", ["supplierId"]),
  // The product catalog (products.ts): looked up by id when quoted; searched by name prefix, the
  // operator's (no owner) and each buyer's own apart.
  products: defineTable(productFields)
    .index("by_productId", ["productId"])
    .index("by_ownerId_and_retired_and_nameKey", ["ownerId", "retired", "nameKey"]),
});

import { ConvexError } from "convex/values";
import { MAX_DAYS, MAX_UNIT_PRICE } from "../../domain/limits";
import { formatMoney } from "../../domain/money";
import { supplierReplySchema, type SupplierReply } from "../../domain/supplier-reply";
import { describeValidationError } from "../../domain/validation-error";
import { readFieldErrors, type FieldErrors } from "../quotes/field-errors";
import { capitalise } from "../ui/plain-words";
import { inSupplierWords, type SupplierReader } from "./supplier-words";
import type { RequestedProduct, Terms } from "./supplier-view";

/** The reply form as typed: text, checked only when a button is pressed. */
export interface ReplyDraft {
  /** One per requested product, in the order the page lists them. */
  unitPrices: string[];
  leadTimeDays: string;
  paymentTerms: string;
  validityDays: string;
  message: string;
}

/** The form starts from the other side's latest terms, so a counter-offer changes only what differs. */
export function draftFrom(ask: Terms, products: readonly RequestedProduct[]): ReplyDraft {
  return {
    unitPrices: products.map((p) => {
      const price = ask.lines.find((line) => line.productId === p.productId)?.unitPrice;
      return price === undefined ? "" : price.toFixed(2);
    }),
    leadTimeDays: String(ask.leadTimeDays),
    paymentTerms: ask.paymentTerms,
    validityDays: String(ask.validityDays),
    message: "",
  };
}

/** Empty text stays a string so the schema says "expected a number" rather than treating it as 0. */
const toNumber = (text: string): number | string => (text.trim() === "" ? text : Number(text));

/** What the draft asks to send: an offer at the quantities asked, or yes / no to their terms. */
export function replyOf(
  decision: SupplierReply["decision"],
  draft: ReplyDraft,
  products: readonly RequestedProduct[],
): unknown {
  if (decision !== "offer") return { decision, message: draft.message };
  return {
    decision,
    terms: {
      lines: products.map((p, index) => ({
        productId: p.productId,
        quantity: p.quantity,
        unitPrice: toNumber(draft.unitPrices[index] ?? ""),
      })),
      leadTimeDays: toNumber(draft.leadTimeDays),
      paymentTerms: draft.paymentTerms,
      validityDays: toNumber(draft.validityDays),
    },
    message: draft.message,
  };
}

/** The very check the server makes (`supplierReplySchema`), each problem by field, in words. */
export function checkReply(reply: unknown, reader: SupplierReader): { reply: SupplierReply } | { errors: FieldErrors } {
  const parsed = supplierReplySchema.safeParse(reply);
  if (parsed.success) return { reply: parsed.data };
  return { errors: placed(readFieldErrors(describeValidationError(parsed.error), replyWords(reader))) };
}

/**
 * A refused reply, by field where the server names one ("invalid reply:\nterms.leadTimeDays: …"),
 * else as one sentence for the whole form ("The time to reply has run out.").
 */
export function refusedReply(error: unknown, reader: SupplierReader): FieldErrors {
  if (!(error instanceof ConvexError) || typeof error.data !== "string") {
    return { "(input)": "Your reply could not be sent. Check your connection and try again." };
  }
  const errors = readFieldErrors(error.data.replace(/^invalid reply:\n/, ""), replyWords(reader));
  return Object.keys(errors).length > 0 ? placed(errors) : { "(input)": inSupplierWords(error.data, reader) };
}

/** The fields the form has; a problem with anything else (a line's quantity, say) is said for the whole form. */
const FORM_FIELD =
  /^(terms\.lines\[\d+\]\.unitPrice|terms\.leadTimeDays|terms\.validityDays|terms\.paymentTerms|message)$/;

function placed(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  const elsewhere: string[] = [];
  for (const [field, message] of Object.entries(errors)) {
    if (FORM_FIELD.test(field)) out[field] = message;
    else elsewhere.push(message);
  }
  if (elsewhere.length > 0) out["(input)"] = elsewhere.map(capitalise).join(". ");
  return out;
}

const DAYS_PROBLEM = `enter a whole number of days from 1 to ${MAX_DAYS}`;

/**
 * The schema's messages are a programmer's ("Too small: expected number to be >0"); next to a field
 * the person needs what to type instead. A message that names no field of this form is reworded
 * only where it names the other side.
 */
function replyWords(reader: SupplierReader): (message: string, field: string) => string {
  return (message, field) => {
    if (field.endsWith(".unitPrice")) {
      if (/too big/i.test(message)) return `the price must be at most ${formatMoney(MAX_UNIT_PRICE)}`;
      if (/too small/i.test(message)) return "the price must be more than $0";
      return "enter the price in dollars, e.g. 4.25";
    }
    if (field === "terms.leadTimeDays" || field === "terms.validityDays") return DAYS_PROBLEM;
    if (field === "terms.paymentTerms") return "choose the payment terms";
    if (field === "message") return message.replace(/^message\b/, "your message");
    return inSupplierWords(message, reader);
  };
}

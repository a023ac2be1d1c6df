/**
 * Upper bounds on everything a buyer or a model can put into a quote or an offer, shared by the CLI,
 * the workflow and Convex so all three refuse the same things. Generous for a real production order,
 * and far below the values that break arithmetic (a total of 1e300, a weight sum of Infinity).
 */

/** Units per product line. */
export const MAX_QUANTITY = 1_000_000;
/** Money per unit, in the quote's currency. */
export const MAX_UNIT_PRICE = 100_000;
/** Days until delivery, or for which an offer holds. */
export const MAX_DAYS = 365;
/** Each priority weight; the weights are normalised, so the scale does not matter below this. */
export const MAX_PRIORITY_WEIGHT = 1_000;
/** The buyer's private notes to the brand agent. */
export const MAX_NOTES_LENGTH = 4_000;
/** An identifier the workflow is handed (quote, user, negotiation). */
export const MAX_ID_LENGTH = 128;

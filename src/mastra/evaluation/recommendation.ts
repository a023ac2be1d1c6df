import { z } from "zod";

/** What the evaluation produces: each agreed deal scored, and the one it recommends. */
export const offerScoreSchema = z.object({
  negotiationId: z.string(),
  supplierId: z.string(),
  supplierName: z.string(),
  totalPrice: z.number(),
  leadTimeDays: z.number(),
  paymentTerms: z.string(),
  /** Each criterion scaled to 0–1, 1 being the best on offer. */
  criteria: z.object({ price: z.number(), quality: z.number(), speed: z.number(), reliability: z.number() }),
  score: z.number(),
});
export type OfferScore = z.infer<typeof offerScoreSchema>;

export const recommendationSchema = z.object({
  recommended: offerScoreSchema.nullable(),
  ranking: z.array(offerScoreSchema),
  explanation: z.string(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

import type { QuoteRequest } from "../domain/quote";

/** The quote `npm run demo` negotiates when no file is given: a spring run for an apparel brand. */
export const SAMPLE_QUOTE: QuoteRequest = {
  products: [
    { productId: "organic-tshirt", quantity: 2000, maxUnitPrice: 6.0 },
    { productId: "canvas-tote", quantity: 800, maxUnitPrice: 3.3 },
  ],
  priorities: { price: 0.4, quality: 0.3, speed: 0.2, reliability: 0.1 },
  maxLeadTimeDays: 45,
  userNotes: "GOTS-certified cotton only; our logo is screen-printed in two colours.",
};

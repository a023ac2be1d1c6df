import { z } from "zod";
import { productIdSchema } from "../domain/products";
import { termsSchema } from "../domain/offer";

/**
 * The structured facts one agent sees on its turn. It travels inside the prompt as a tagged JSON
 * block, so an LLM reads it as context and the local negotiation model plays from it: both get the
 * same Agent call. Each side sees only its own private numbers (the brand's limits, the supplier's
 * floor stays in the supplier's profile).
 */
export const turnStateSchema = z.object({
  role: z.enum(["brand", "supplier"]),
  /** `decide` asks for the structured move; `speak` asks for the message conveying a decided move. */
  phase: z.enum(["decide", "speak"]),
  supplierId: z.string(),
  supplierName: z.string(),
  round: z.number().int().positive(),
  maxRounds: z.number().int().positive(),
  /** The brand's last word: after the supplier's final offer it may only accept or walk away. */
  closing: z.boolean(),
  request: z.object({
    lines: z.array(
      z.object({
        productId: productIdSchema,
        productName: z.string(),
        unit: z.string(),
        quantity: z.number().int().positive(),
        /** Brand only: the most it may pay per unit. */
        maxUnitPrice: z.number().positive().optional(),
      }),
    ),
    maxLeadTimeDays: z.number().int().positive().optional(),
    priorities: z
      .object({ price: z.number(), quality: z.number(), speed: z.number(), reliability: z.number() })
      .optional(),
    notes: z.string(),
  }),
  history: z.array(
    z.object({
      round: z.number().int().positive(),
      sender: z.enum(["brand", "supplier"]),
      decision: z.string(),
      terms: termsSchema,
    }),
  ),
  /** Set in the speak phase: the move the message must convey, exactly. */
  decided: z.object({ decision: z.string(), terms: termsSchema }).optional(),
});
export type TurnState = z.infer<typeof turnStateSchema>;
export type HistoryEntry = TurnState["history"][number];

const OPEN = "<negotiation-state>";
const CLOSE = "</negotiation-state>";

export function renderTurnState(state: TurnState): string {
  return `${OPEN}\n${JSON.stringify(state)}\n${CLOSE}`;
}

/** Finds the last state block in a prompt; null when there is none. */
export function extractTurnState(promptText: string): TurnState | null {
  const end = promptText.lastIndexOf(CLOSE);
  if (end < 0) return null;
  const start = promptText.lastIndexOf(OPEN, end);
  if (start < 0) return null;
  const parsed = turnStateSchema.safeParse(JSON.parse(promptText.slice(start + OPEN.length, end)));
  return parsed.success ? parsed.data : null;
}

import { useMutation } from "convex/react";
import { ConvexError } from "convex/values";
import { useState } from "react";
import { api } from "../../server/_generated/api";
import type { FunctionArgs } from "convex/server";

type Decision = FunctionArgs<typeof api.decisions.decide>["decision"];

/**
 * The buyer's decision, sent once: while it is on its way the buttons are disabled (a double click
 * sends nothing more), and a refusal comes back in the server's own words.
 */
export function useDecide(quoteId: FunctionArgs<typeof api.decisions.decide>["quoteId"]) {
  const decide = useMutation(api.decisions.decide);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async (decision: Decision) => {
    if (pending) return;
    setPending(true);
    setProblem(null);
    try {
      await decide({ quoteId, decision });
    } catch (error) {
      setProblem(
        error instanceof ConvexError && typeof error.data === "string"
          ? error.data
          : "Your decision could not be saved. Try again.",
      );
    } finally {
      setPending(false);
    }
  };
  return { send, pending, problem };
}

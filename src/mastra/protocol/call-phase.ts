import { RequestContext } from "@mastra/core/request-context";

/** The request-context key saying which kind of call this is: deciding a move, or writing its message. */
export const PHASE_CONTEXT_KEY = "phase";
export type CallPhase = "decide" | "speak";

/**
 * Which instructions a call needs. Writing the message for a decided move needs the agent's voice
 * and the rule to state the terms exactly, not the whole playbook: the shorter instructions keep a
 * negotiation's tokens down, since every call carries them.
 */
export function phaseOf(requestContext: RequestContext | undefined): CallPhase {
  return requestContext?.get(PHASE_CONTEXT_KEY) === "speak" ? "speak" : "decide";
}

/** The call's request context with its phase set, keeping whatever else it carries (the supplier). */
export function withPhase(requestContext: RequestContext | undefined, phase: CallPhase): RequestContext {
  const context = new RequestContext();
  requestContext?.forEach((value, key) => context.set(key, value));
  context.set(PHASE_CONTEXT_KEY, phase);
  return context;
}

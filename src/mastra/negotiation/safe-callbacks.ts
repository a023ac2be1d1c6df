import type { NegotiationCallbacks } from "./negotiation-types";

/** Wraps callbacks so an exception (or a rejected promise) in a consumer is logged and never
 *  reaches the negotiation. */
export function safeCallbacks(callbacks: NegotiationCallbacks, label: string): Required<NegotiationCallbacks> {
  const guard =
    <A extends unknown[]>(name: keyof NegotiationCallbacks, fn: ((...args: A) => void) | undefined) =>
    (...args: A): void => {
      if (!fn) return;
      const report = (error: unknown) =>
        console.error(`[${label}] ${name} callback failed:`, error instanceof Error ? error.message : error);
      try {
        const returned: unknown = fn.apply(callbacks, args);
        if (returned instanceof Promise) returned.catch(report);
      } catch (error) {
        report(error);
      }
    };
  return {
    onMessageStart: guard("onMessageStart", callbacks.onMessageStart),
    onMessageDelta: guard("onMessageDelta", callbacks.onMessageDelta),
    onMessage: guard("onMessage", callbacks.onMessage),
    onStatusChange: guard("onStatusChange", callbacks.onStatusChange),
    onOfferReceived: guard("onOfferReceived", callbacks.onOfferReceived),
  };
}

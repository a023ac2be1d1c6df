import { useConvexConnectionState } from "convex/react";

/** Says so while the WebSocket to Convex is down; the client reconnects and catches up by itself. */
export function ConnectionBanner() {
  const { isWebSocketConnected, hasEverConnected } = useConvexConnectionState();
  if (!hasEverConnected || isWebSocketConnected) return null;
  return (
    <div className="banner" role="status" data-testid="connection-banner">
      Connection to the negotiation service lost — reconnecting. What you see may be out of date.
    </div>
  );
}

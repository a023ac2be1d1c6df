/**
 * Shown while the negotiation service has gone quiet and is being asked to carry on (the quote's
 * `reconnecting`): a pause, not an error. Your negotiator picks up where it stopped.
 */
export function ReconnectingNotice({ reconnecting }: { reconnecting: boolean | undefined }) {
  if (!reconnecting) return null;
  return (
    <p className="note-box" role="status" data-testid="reconnecting-notice">
      Reconnecting to the negotiation service… your negotiator will pick up where it stopped.
    </p>
  );
}

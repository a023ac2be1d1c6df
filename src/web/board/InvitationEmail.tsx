import { useMutation, useQuery } from "convex/react";
import { ConvexError } from "convex/values";
import { useState, type FormEvent } from "react";
import { api } from "../../server/_generated/api";
import type { Doc } from "../../server/_generated/dataModel";
import { dateAndTime } from "../ui/relative-date";

/**
 * Email the supplier their link, when this deployment sends email (nothing shows otherwise: you
 * copy the link and send it yourself). Says where the latest invitation went and how it went.
 */
export function InvitationEmail({ negotiation }: { negotiation: Doc<"negotiations"> }) {
  const available = useQuery(api.supplierInvitations.available, {});
  const send = useMutation(api.supplierInvitations.send);
  const [email, setEmail] = useState(negotiation.invitation?.email ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  if (available !== true) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await send({ negotiationId: negotiation._id, email });
    } catch (error) {
      const refusal = error instanceof ConvexError && typeof error.data === "string" ? error.data : undefined;
      setProblem(refusal?.replace(/^email: /, "") ?? "That did not go through. Try again.");
    }
  };
  const fieldId = `invite-${negotiation._id}`;
  return (
    <form className="invitation" onSubmit={(event) => void submit(event)} data-testid="invitation">
      <label htmlFor={fieldId} className="small">
        Or email it to {negotiation.supplierName}
      </label>
      <div className="invitation-row">
        <input
          id={fieldId}
          type="email"
          autoComplete="email"
          placeholder="name@example.com"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={problem !== null}
        />
        <button type="submit">Email link</button>
      </div>
      <p className={`small${problem ? " field-error" : " hint"}`} role="status">
        {problem ?? invitationWords(negotiation.invitation)}
      </p>
    </form>
  );
}

function invitationWords(invitation: Doc<"negotiations">["invitation"]): string {
  if (invitation === undefined) return "";
  if (invitation.state === "sending") return `Sending to ${invitation.email}…`;
  if (invitation.state === "sent") return `Sent to ${invitation.email} on ${dateAndTime(invitation.at)}.`;
  return `Could not send to ${invitation.email}: ${invitation.problem ?? "the email service refused it"}.`;
}

import { useMutation, useQuery } from "convex/react";
import { ConvexError } from "convex/values";
import { useRef, useState } from "react";
import { api } from "../../server/_generated/api";
import type { Doc } from "../../server/_generated/dataModel";
import { supplierLinkUrl } from "../route";
import { InvitationEmail } from "./InvitationEmail";

/** What the last action did, said under the buttons (and to screen readers). */
interface Note {
  text: string;
  problem: boolean;
}

/**
 * The link itself and what you can do with it: copy it (the field holds it too, for when the
 * clipboard is out of reach), revoke it (it stops opening at once), or, while the negotiation is
 * `open`, make a new one (every earlier link stops opening).
 */
export function SupplierLinkControls({ negotiation, open }: { negotiation: Doc<"negotiations">; open: boolean }) {
  // One subscription for the whole board: every in-person column asks with the same arguments.
  const links = useQuery(api.supplierLinks.forQuote, { quoteId: negotiation.quoteId });
  const revoke = useMutation(api.supplierLinks.revoke);
  const reissue = useMutation(api.supplierLinks.reissue);
  const field = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<Note | null>(null);
  const token = links?.find((link) => link.negotiationId === negotiation._id)?.token;
  const url = token ? supplierLinkUrl(token) : undefined;
  const name = negotiation.supplierName;

  const copy = async (link: string) => {
    try {
      await navigator.clipboard.writeText(link);
      setNote({ text: `Link copied. Send it to ${name} yourself.`, problem: false });
    } catch {
      // No clipboard here (a page served over plain http, a denied permission): the field has it.
      field.current?.select();
      setNote({
        text: "Could not reach the clipboard: the link is selected in the field, copy it from there.",
        problem: true,
      });
    }
  };
  const act = async (action: () => Promise<null>, done: string) => {
    try {
      await action();
      setNote({ text: done, problem: false });
    } catch (error) {
      // The service's refusals are sentences meant for you ("This negotiation has ended.").
      const refusal = error instanceof ConvexError && typeof error.data === "string" ? error.data : undefined;
      setNote({ text: refusal ?? "That did not go through. Try again.", problem: true });
    }
  };

  return (
    <>
      <p className="hint">
        {name} replies on their own page, no account needed. Send them this private link; anyone who has it can reply
        for them.
      </p>
      {links === undefined ? (
        <p className="hint">Loading the link…</p>
      ) : url ? (
        <label>
          <span className="sr-only">Private link for {name}</span>
          <input
            ref={field}
            readOnly
            value={url}
            data-testid="link-url"
            onFocus={(event) => event.currentTarget.select()}
          />
        </label>
      ) : (
        <p className="hint" data-testid="link-revoked">
          The link is revoked: it no longer opens.{open ? " Make a new one to let them reply again." : ""}
        </p>
      )}
      <div className="link-actions">
        {url && (
          <button type="button" className="primary" onClick={() => void copy(url)}>
            Copy link
          </button>
        )}
        {url && (
          <button
            type="button"
            className="danger"
            onClick={() =>
              void act(() => revoke({ negotiationId: negotiation._id }), "Revoked: the link no longer opens.")
            }
          >
            Revoke
          </button>
        )}
        {open && (
          <button
            type="button"
            onClick={() =>
              void act(
                () => reissue({ negotiationId: negotiation._id }),
                "New link made: the earlier one no longer opens. Send this one.",
              )
            }
          >
            New link
          </button>
        )}
      </div>
      <p className={`link-note small${note?.problem ? " field-error" : ""}`} role="status" data-testid="link-note">
        {note?.text}
      </p>
      {url && open && <InvitationEmail negotiation={negotiation} />}
    </>
  );
}

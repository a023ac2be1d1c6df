import { useState } from "react";
import { MAX_REPLY_MESSAGE_LENGTH } from "../../domain/supplier-reply";
import { FieldError } from "../quotes/FieldError";
import { DeclineButton } from "./DeclineButton";
import { OfferFields } from "./OfferFields";
import { draftFrom, replyOf } from "./reply-draft";
import { TermsSummary } from "./TermsSummary";
import type { SupplierView, Terms } from "./supplier-view";
import { useSendReply } from "./use-send-reply";

/**
 * The supplier's answer to the other side's latest terms: a counter-offer (the form starts from
 * their terms), or accept or decline them as they stand; a message goes with any of the three.
 * Mounted afresh for each message it answers, so it always starts from the latest terms.
 */
export function ReplyPanel({ token, view, ask }: { token: string; view: SupplierView; ask: Terms }) {
  const [draft, setDraft] = useState(() => draftFrom(ask, view.products));
  const { send, sending, errors } = useSendReply(token, view);
  const reply = (decision: "offer" | "accept" | "reject") => void send(replyOf(decision, draft, view.products));
  return (
    <section className="card reply-panel" aria-labelledby="reply-title" data-testid="reply">
      <h2 id="reply-title">Your reply</h2>
      <TermsSummary id="their-terms" title="Their latest terms" terms={ask} products={view.products} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          reply("offer");
        }}
      >
        <OfferFields draft={draft} ask={ask} products={view.products} errors={errors} onChange={setDraft} />
        <label>
          Message (optional)
          <span className="hint">Sent with your offer, acceptance or decline.</span>
          <textarea
            name="message"
            rows={3}
            maxLength={MAX_REPLY_MESSAGE_LENGTH}
            value={draft.message}
            onChange={(e) => setDraft({ ...draft, message: e.target.value })}
          />
          <FieldError errors={errors} field="message" />
        </label>
        <FieldError errors={errors} field="(input)" />
        <div className="reply-actions">
          <button type="submit" className="primary" disabled={sending !== null}>
            {sending === "offer" ? "Sending…" : "Send offer"}
          </button>
          <button
            type="button"
            aria-describedby="their-terms"
            disabled={sending !== null}
            onClick={() => reply("accept")}
          >
            {sending === "accept" ? "Accepting…" : "Accept your terms"}
          </button>
          <DeclineButton buyerName={view.buyerName} disabled={sending !== null} onConfirm={() => reply("reject")} />
        </div>
      </form>
    </section>
  );
}

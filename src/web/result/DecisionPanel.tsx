import { useState } from "react";
import { formatMoney } from "../../domain/money";
import { totalPrice } from "../../domain/offer";
import type { Doc, Id } from "../../server/_generated/dataModel";
import { calendarDate } from "../ui/relative-date";
import { DeclineAll } from "./DeclineAll";
import { validUntil, type Deal } from "./deal-validity";
import { useDecide } from "./use-decide";

const REASON_PREFIX = "reason: ";

/**
 * The buyer's call: award one of the agreed deals (the recommended one is chosen to start with;
 * another needs a word on why) or decline them all. Nothing is ordered until they do, and once they
 * have, the decision is final.
 */
export function DecisionPanel({ quote, deals, now }: { quote: Doc<"quotes">; deals: Deal[]; now: number }) {
  const recommendedId = quote.recommendation?.recommendedNegotiationId;
  const [chosenId, setChosenId] = useState<Id<"negotiations"> | undefined>(recommendedId ?? deals[0]?._id);
  const [reason, setReason] = useState("");
  const [reasonMissing, setReasonMissing] = useState(false);
  const { send, pending, problem } = useDecide(quote._id);
  const chosen = deals.find((d) => d._id === chosenId);
  const needsReason = chosen !== undefined && chosen._id !== recommendedId;
  const open = deals.filter((d) => validUntil(d) >= now);
  const award = () => {
    if (!chosen) return;
    if (needsReason && reason.trim() === "") return setReasonMissing(true);
    void send({ kind: "award", negotiationId: chosen._id, ...(needsReason ? { reason: reason.trim() } : {}) });
  };
  const reasonProblem = reasonMissing
    ? "Say why you choose this deal over the recommended one."
    : problem?.startsWith(REASON_PREFIX)
      ? problem.slice(REASON_PREFIX.length)
      : undefined;
  return (
    <section className="card decision" data-testid="decision" aria-labelledby="decision-title">
      <h2 id="decision-title">Your decision</h2>
      <p className="muted small">
        Your negotiator agreed these deals subject to your approval. Award one, and your negotiator confirms the order
        with that supplier and tells the others, politely, that they were not chosen.
      </p>
      {open.length === 0 ? (
        <p className="note-box" data-testid="offers-expired">
          These offers expired on {calendarDate(Math.max(...deals.map(validUntil)))}: they can no longer be awarded.
          Decline them to close the quote.
        </p>
      ) : (
        <DealChoices deals={deals} chosenId={chosenId} recommendedId={recommendedId} now={now} onChoose={setChosenId} />
      )}
      {needsReason && open.length > 0 && (
        <ReasonField
          value={reason}
          problem={reasonProblem}
          onChange={(value) => {
            setReason(value);
            setReasonMissing(false);
          }}
        />
      )}
      {problem && !problem.startsWith(REASON_PREFIX) && (
        <p className="error-box" role="alert" data-testid="decision-problem">
          {problem}
        </p>
      )}
      <div className="decision-actions">
        {open.length > 0 && chosen && (
          <button type="button" className="primary" disabled={pending} onClick={award} data-testid="award">
            Award to {chosen.supplierName}
          </button>
        )}
        <DeclineAll count={deals.length} disabled={pending} onConfirm={() => void send({ kind: "decline" })} />
      </div>
    </section>
  );
}

function DealChoices({
  deals,
  chosenId,
  recommendedId,
  now,
  onChoose,
}: {
  deals: Deal[];
  chosenId: Id<"negotiations"> | undefined;
  recommendedId: Id<"negotiations"> | undefined;
  now: number;
  onChoose(id: Id<"negotiations">): void;
}) {
  return (
    <fieldset className="deal-choices">
      <legend>Award the order to</legend>
      {deals.map((deal) => (
        <label key={deal._id} className="choice" data-testid="deal-choice" data-supplier={deal.supplierId}>
          <input
            type="radio"
            name="award"
            value={deal._id}
            checked={deal._id === chosenId}
            disabled={validUntil(deal) < now}
            onChange={() => onChoose(deal._id)}
          />
          <span className="choice-name">
            {deal.supplierName}
            {deal._id === recommendedId ? " (recommended)" : ""}
          </span>
          <span className="choice-facts">
            {formatMoney(totalPrice(deal.finalOffer))} ·{" "}
            {validUntil(deal) < now ? "expired" : `valid until ${calendarDate(validUntil(deal))}`}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function ReasonField({
  value,
  problem,
  onChange,
}: {
  value: string;
  problem: string | undefined;
  onChange(value: string): void;
}) {
  return (
    <label>
      Why this deal rather than the recommended one?
      <textarea
        rows={2}
        maxLength={500}
        value={value}
        aria-invalid={problem !== undefined}
        onChange={(event) => onChange(event.target.value)}
        data-testid="award-reason"
      />
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}

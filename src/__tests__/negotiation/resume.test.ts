import { describe, expect, it } from "vitest";
import { builtInSupplier } from "../../domain/suppliers";
import { LocalNegotiationModel } from "../../mastra/models/local/local-negotiation-model";
import { runSupplierNegotiation } from "../../mastra/negotiation/run-supplier-negotiation";
import type { JournalMessage, NegotiationMessage } from "../../mastra/negotiation/negotiation-types";
import { resumePointOf } from "../../mastra/negotiation/resume-point";
import { FAST_LOCAL } from "../helpers/test-models";
import { contextFor, recordingCallbacks } from "../helpers/negotiation-fixtures";

/*
 * A run that restarts goes on with each negotiation from its last complete turn, rebuilt from what
 * was persisted: it does not negotiate again from round one, and the local model, given the same
 * state, makes the same moves it would have made.
 */

const SUPPLIER = "anatolia-apparel";

function asJournal(messages: NegotiationMessage[]): JournalMessage[] {
  return messages.map((m) => ({
    sequence: m.sequence,
    sender: m.sender,
    content: m.content,
    decision: m.decision,
    terms: m.terms,
    usage: m.metadata.usage,
  }));
}

async function uninterrupted(maxRounds = 4) {
  const rec = recordingCallbacks();
  const result = await runSupplierNegotiation(
    builtInSupplier(SUPPLIER),
    contextFor(SUPPLIER, new LocalNegotiationModel(FAST_LOCAL), { maxRounds }),
    rec.callbacks,
  );
  return { result, messages: rec.messages() };
}

async function resumedAfter(persisted: NegotiationMessage[], maxRounds = 4) {
  const rec = recordingCallbacks();
  const result = await runSupplierNegotiation(
    builtInSupplier(SUPPLIER),
    contextFor(SUPPLIER, new LocalNegotiationModel(FAST_LOCAL), {
      maxRounds,
      resumeFrom: {
        negotiationId: `neg-${SUPPLIER}`,
        status: "active",
        messages: asJournal(persisted),
      },
    }),
    rec.callbacks,
  );
  return { result, messages: rec.messages() };
}

const moves = (messages: NegotiationMessage[]) =>
  messages.map((m) => `#${m.sequence} r${m.round} ${m.sender} ${m.decision} ${JSON.stringify(m.terms)}`);

describe("a negotiation resumed from its journal", () => {
  it("after any complete turn: it goes on from the next one, with the moves it would have made", async () => {
    const whole = await uninterrupted();
    expect(whole.messages.length).toBeGreaterThanOrEqual(4);
    for (let kept = 1; kept < whole.messages.length; kept++) {
      const resumed = await resumedAfter(whole.messages.slice(0, kept));
      // Nothing already persisted is written again; the rest follows on, sequence by sequence.
      expect(resumed.messages[0]?.sequence, `after ${kept}`).toBe(kept);
      expect(moves(resumed.messages), `after ${kept}`).toEqual(moves(whole.messages.slice(kept)));
      expect(resumed.result).toMatchObject({
        status: whole.result.status,
        rounds: whole.result.rounds,
        messageCount: whole.result.messageCount,
        finalOffer: whole.result.finalOffer,
      });
    }
  });

  it("when the last move already ended it (the crash came before the status): it ends, with no model call", async () => {
    const whole = await uninterrupted();
    const resumed = await resumedAfter(whole.messages);
    expect(resumed.messages).toEqual([]);
    expect(resumed.result).toMatchObject({ status: whole.result.status, finalOffer: whole.result.finalOffer });
    expect(resumed.result.usage.totalTokens).toBe(whole.result.usage.totalTokens);
  });

  it("a gap in the journal: only the unbroken run from #0 counts, and the turn after it is redone", () => {
    const journal: JournalMessage[] = [0, 1, 3].map((sequence) => ({
      sequence,
      sender: sequence % 2 === 0 ? "brand" : "supplier",
      content: `#${sequence}`,
      decision: sequence % 2 === 0 ? "counter" : "offer",
      terms: { lines: [], leadTimeDays: 30, paymentTerms: "net-30", validityDays: 14 },
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    }));
    const point = resumePointOf(journal, 4);
    expect(point.sequence).toBe(2);
    expect(point.round).toBe(2);
    expect(point.lastMove).toMatchObject({ sender: "supplier", decision: "offer" });
    expect(point.transcript.map((line) => line.content)).toEqual(["#0", "#1"]);
  });
});

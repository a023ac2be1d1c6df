import type { Mastra } from "@mastra/core/mastra";
import { createStep } from "@mastra/core/workflows";
import { describeValidationError } from "../../domain/validation-error";
import { invitedSuppliers } from "../../domain/supplier-directory";
import { answersInPerson, productOfLine, replyWindowMs } from "../../domain/quote";
import { BUILT_IN_SUPPLIERS, pricedFor, type SupplierProfile } from "../../domain/suppliers";
import { BRAND_AGENT_ID } from "../agents/brand-agent";
import { SUPPLIER_AGENT_ID } from "../agents/supplier-agent";
import type { ModelBudget } from "../models/model-budget";
import { ZERO_USAGE } from "../negotiation/agent-turns";
import { MarketBoard } from "../negotiation/market-board";
import {
  supplierRecordOf,
  type JournalNegotiation,
  type NegotiationAgents,
  type NegotiationCallbacks,
  type NegotiationOutcome,
  type NegotiationResult,
  type WaitingForReply,
} from "../negotiation/negotiation-types";
import { PausableDeadline } from "../negotiation/pausable-deadline";
import { EMPTY_JOURNAL, type RunJournal } from "../negotiation/resume-point";
import { negotiateWithSupplier } from "../negotiation/run-supplier-negotiation";
import { fanOut } from "../storage/negotiation-sink";
import { eventWriterCallbacks, type ModelWait } from "./negotiation-events";
import { negotiationIdsFor, type RunIdentity } from "./run-identity";
import type { RunClaims } from "./run-claims";
import { ReplyWatch } from "./reply-watch";
import { openRunSink, type RunSinkDeps } from "./run-sink";
import {
  awaitingRepliesSchema,
  negotiationsOutputSchema,
  negotiationWorkflowInputSchema,
  supplierTurnResumeSchema,
  type NegotiationWorkflowInput,
} from "./workflow-schemas";

export const RUN_NEGOTIATIONS_STEP_ID = "run-negotiations";

export interface RunNegotiationsDeps extends RunSinkDeps {
  /** The process's model budget, which every negotiation's model calls share. */
  modelBudget: ModelBudget;
  /** The runs this process executes, held while their negotiations run (so none is resumed twice). */
  claims?: RunClaims;
  /** A negotiation that runs longer than this fails with a timeout; the others go on. */
  negotiationTimeoutMs?: number;
  /** One model call that takes longer than this is abandoned and retried. */
  modelCallTimeoutMs?: number;
  /**
   * The agents negotiation turns run on: created without Memory (a turn carries its own state and
   * names no thread), so no call pays for it. Unset: the instance's registered agents.
   */
  turnAgents?: NegotiationAgents;
}

/** One supplier of the quote, and the negotiation id its messages are written under. */
interface Invitation {
  supplier: SupplierProfile;
  negotiationId: string;
}

/** What every negotiation of one run shares. */
interface SharedByNegotiations {
  quote: NegotiationWorkflowInput;
  /** The run's key in the model budget: runs, not negotiations, get equal turns. */
  runKey: string;
  agents: NegotiationAgents;
  /** One view of the best offer per run: each negotiation's alternative is the others' best. */
  market: MarketBoard;
  /** Empty on a first start. After a restart, each negotiation goes on from what it persisted. */
  journal: RunJournal;
  /** The step's event stream and the run's sink. */
  callbacks: NegotiationCallbacks;
  onModelWait(wait: ModelWait): void;
  /** The run's cancellation. */
  signal: AbortSignal;
  startedAt: number;
  /**
   * Whether a supplier can answer in person: only through the buyer's app (Convex), where their
   * replies are written and the run is told of them. A local run has nowhere to hear them.
   */
  hearsReplies: boolean;
  /** Hands a waiting negotiation its supplier's reply while the run is still busy with others. */
  replies: ReplyWatch;
}

/**
 * The workflow's first step: every supplier at once, each message streamed and persisted as it is
 * written. When suppliers answering in person are still to reply and every other negotiation has
 * ended, the run suspends (no process holds it while people take their time); a reply, or a time
 * to reply running out, resumes it here, and every negotiation goes on from what was persisted.
 */
export function createRunNegotiationsStep(deps: RunNegotiationsDeps) {
  return createStep({
    id: RUN_NEGOTIATIONS_STEP_ID,
    description: "Negotiates with every supplier at once, streaming and persisting each message as it is written.",
    inputSchema: negotiationWorkflowInputSchema,
    outputSchema: negotiationsOutputSchema,
    resumeSchema: supplierTurnResumeSchema,
    suspendSchema: awaitingRepliesSchema,
    execute: async ({ inputData, mastra, abortSignal, writer, requestContext, runId, suspend }) => {
      // Held until the run finishes (the workflow's onFinish): Convex asking for it meanwhile resumes nothing.
      deps.claims?.hold(runId);
      const startedAt = Date.now();
      const quote = checkedInput(inputData);
      const run = await openRunSink(deps, { requestContext, runId, input: quote });
      const invitations = invite(run.identity, quote);
      const journal = (await run.sink.journal?.(run.identity.quoteId)) ?? EMPTY_JOURNAL;
      const events = eventWriterCallbacks(writer);
      const shared: SharedByNegotiations = {
        quote,
        runKey: run.identity.quoteId,
        agents: deps.turnAgents ?? agentsOf(mastra),
        market: new MarketBoard(),
        journal,
        callbacks: fanOut(events, run.sink),
        onModelWait: (wait) => events.onModelWait(wait),
        signal: abortSignal,
        startedAt,
        hearsReplies: run.identity.kind === "convex",
        replies: new ReplyWatch(
          async () => (await run.sink.journal?.(run.identity.quoteId)) ?? EMPTY_JOURNAL,
          quote.maxRounds,
        ),
      };
      const outcomes = await negotiateAll(shared, invitations, deps);
      const [delivery] = await Promise.all([run.flush(), events.drain()]);
      const waiting = outcomes.filter((outcome): outcome is WaitingForReply => outcome.status === "waiting");
      if (waiting.length > 0) {
        // Every "waiting" has landed (flushed above): Convex knows each deadline and will tell the run.
        deps.claims?.release(runId);
        return await suspend({ waitingFor: waiting.map(({ status: _waiting, messageCount: _count, ...who }) => who) });
      }
      const results = outcomes.filter((outcome): outcome is NegotiationResult => outcome.status !== "waiting");
      return {
        quoteId: run.identity.quoteId,
        userId: run.identity.userId,
        priorities: quote.priorities,
        ...(quote.buyerValues ? { buyerValues: quote.buyerValues } : {}),
        products: quote.products,
        ...(quote.maxLeadTimeDays === undefined ? {} : { maxLeadTimeDays: quote.maxLeadTimeDays }),
        results,
        wallTimeMs: Date.now() - startedAt,
        delivery,
      };
    },
  });
}

/**
 * Checked here rather than by the engine (the workflow's `validateInputs: false`): an input the
 * engine refuses leaves the run "pending" forever, while a step that throws marks it failed, with why.
 */
function checkedInput(raw: unknown): NegotiationWorkflowInput {
  const parsed = negotiationWorkflowInputSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid workflow input:\n${describeValidationError(parsed.error)}`);
  return parsed.data;
}

/** The invited suppliers, each with its negotiation id (the input schema guarantees one per supplier, in order). */
function invite(identity: RunIdentity, quote: NegotiationWorkflowInput): Invitation[] {
  // Each supplier priced for this quote's products, listed or not: adding a product changes no supplier.
  const quoted = quote.products.map(productOfLine);
  const suppliers = invitedSuppliers(quote.suppliers ?? BUILT_IN_SUPPLIERS, quote.supplierIds).map((supplier) =>
    pricedFor(supplier, quoted),
  );
  const negotiationIds = negotiationIdsFor(
    identity,
    quote,
    suppliers.map((s) => s.id),
  );
  return suppliers.flatMap((supplier, index) => {
    const negotiationId = negotiationIds[index];
    return negotiationId ? [{ supplier, negotiationId }] : [];
  });
}

/** The brand agent, and the one agent for every supplier: each call names its supplier in the request context. */
function agentsOf(mastra: Mastra): NegotiationAgents {
  return { brand: mastra.getAgentById(BRAND_AGENT_ID), supplier: mastra.getAgentById(SUPPLIER_AGENT_ID) };
}

/** Every negotiation at once: wall time is the slowest one's. */
async function negotiateAll(
  shared: SharedByNegotiations,
  invitations: Invitation[],
  deps: RunNegotiationsDeps,
): Promise<NegotiationOutcome[]> {
  const settled = await Promise.allSettled(invitations.map((invitation) => negotiate(shared, invitation, deps)));
  return settled.map((outcome, index) =>
    outcome.status === "fulfilled" ? outcome.value : failedNegotiation(shared, invitations[index]!, outcome.reason),
  );
}

/**
 * One negotiation. With a supplier in person, each time it waits for their reply while the run is
 * busy with others it goes on as soon as the reply is persisted (`ReplyWatch`); once nothing else
 * runs it answers "waiting", and the run suspends.
 */
async function negotiate(
  shared: SharedByNegotiations,
  invitation: Invitation,
  deps: RunNegotiationsDeps,
): Promise<NegotiationOutcome> {
  const { supplier } = invitation;
  const inPerson = answersInPerson(shared.quote, supplier.id);
  if (inPerson && !shared.hearsReplies) {
    const reason = `${supplier.name} answers in person, which needs the buyer's app: start this quote from the app`;
    return failedNegotiation(shared, invitation, new Error(reason));
  }
  let resumeFrom = shared.journal.get(invitation.negotiationId);
  for (;;) {
    // Counted before the first await: every negotiation of the run is running before any can stop.
    shared.replies.started();
    let outcome: NegotiationOutcome;
    try {
      outcome = await negotiateOnce(shared, invitation, deps, { inPerson, resumeFrom });
    } finally {
      shared.replies.stopped();
    }
    if (outcome.status !== "waiting") return outcome;
    const replied = await shared.replies.replyTo(outcome, shared.signal);
    if (replied === undefined) return outcome;
    resumeFrom = replied;
  }
}

/** One stretch of a negotiation, under a time limit that stands still while it waits for model capacity. */
async function negotiateOnce(
  shared: SharedByNegotiations,
  { supplier, negotiationId }: Invitation,
  deps: RunNegotiationsDeps,
  { inPerson, resumeFrom }: { inPerson: boolean; resumeFrom: JournalNegotiation | undefined },
): Promise<NegotiationOutcome> {
  const deadline = deps.negotiationTimeoutMs ? new PausableDeadline(deps.negotiationTimeoutMs) : undefined;
  const signal = deadline ? AbortSignal.any([shared.signal, deadline.signal]) : shared.signal;
  const budgetScope = {
    runKey: shared.runKey,
    onWaitingChange: (waiting: boolean, reason: string) => {
      if (waiting) deadline?.pause();
      else deadline?.resume();
      shared.onModelWait({ negotiationId, supplierId: supplier.id, waiting, reason });
    },
  };
  return await negotiateWithSupplier(
    supplier,
    {
      negotiationId,
      quote: shared.quote,
      maxRounds: shared.quote.maxRounds,
      agents: shared.agents,
      modelBudget: deps.modelBudget,
      budgetScope,
      market: shared.market,
      ...(resumeFrom ? { resumeFrom } : {}),
      ...(inPerson ? { inPerson: { replyWindowMs: replyWindowMs(shared.quote) } } : {}),
      ...(deps.modelCallTimeoutMs ? { modelCallTimeoutMs: deps.modelCallTimeoutMs } : {}),
    },
    shared.callbacks,
    signal,
  ).finally(() => deadline?.clear());
}

/** A rejection means a bug outside the engine's own error handling; it still only fails its supplier. */
function failedNegotiation(
  shared: SharedByNegotiations,
  { supplier, negotiationId }: Invitation,
  error: unknown,
): NegotiationResult {
  const reason = error instanceof Error ? error.message : String(error);
  shared.callbacks.onStatusChange({ negotiationId, supplierId: supplier.id, status: "failed", round: 0, reason });
  return {
    negotiationId,
    supplierId: supplier.id,
    supplierName: supplier.name,
    supplierRecord: supplierRecordOf(supplier),
    status: "failed",
    rounds: 0,
    reason,
    messageCount: 0,
    usage: ZERO_USAGE,
    durationMs: Date.now() - shared.startedAt,
  };
}

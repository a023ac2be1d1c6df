import type { JSONValue } from "convex/values";
import type { WebSocket } from "ws";
import type { NetworkConditions } from "./network-conditions";
import type { MutationLog } from "./mutation-log";
import { canonicalPath, type FunctionRunner, type Outcome } from "./function-runner";
import { InvalidTokenError, verifyToken, type VerifiedIdentity } from "./token-verifier";
import { encodeTs, type WriteClock } from "./write-clock";
import type { TableKey } from "./read-sets";

/*
 * One client's WebSocket, speaking Convex's sync protocol (node_modules/convex/src/browser/sync/
 * protocol.ts). The client keeps a state version { querySet, ts, identity }; every Transition must
 * start exactly where the previous one ended, so all Transitions of a session are produced one
 * after another on `chain`. See /work/shared/CONVEX-SYNC.md for the rules this follows.
 */

type ClientMessage =
  | { type: "Connect"; sessionId: string }
  | {
      type: "ModifyQuerySet";
      baseVersion: number;
      newVersion: number;
      modifications: Array<
        { type: "Add"; queryId: number; udfPath: string; args: JSONValue[] } | { type: "Remove"; queryId: number }
      >;
    }
  | { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] }
  | { type: "Authenticate"; tokenType: "User"; value: string; baseVersion: number }
  | { type: "Authenticate"; tokenType: "None" | "Admin"; baseVersion: number }
  | { type: "Event" };

interface Subscription {
  udfPath: string;
  args: JSONValue;
  /** The last answer sent, serialised, so an unchanged result is not sent again. */
  lastSent?: string;
  /** The tables its last run read, when the backend counts them: a write elsewhere cannot change it. */
  reads?: ReadonlySet<TableKey>;
}

type Modification =
  | { type: "QueryUpdated"; queryId: number; value: JSONValue; logLines: string[]; journal: null }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      errorData: JSONValue;
      logLines: string[];
      journal: null;
    }
  | { type: "QueryRemoved"; queryId: number };

/** Well inside the client's 60 s "no message, reconnect" limit. */
const PING_INTERVAL_MS = 15_000;

export class SyncSession {
  private chain: Promise<void> = Promise.resolve();
  private readonly queries = new Map<number, Subscription>();
  private identity: VerifiedIdentity | null = null;
  /** What the client believes after the last Transition we sent. */
  private version = { querySet: 0, ts: 0n, identity: 0 };
  private refreshQueued = false;
  /** Tables written since the last Transition began, or "all" when what changed is not known. */
  private written: Set<TableKey> | "all" = "all";
  /** The client's own session id (from Connect), the same across its reconnects. */
  private sessionId: string = crypto.randomUUID();
  private readonly ping: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly runner: FunctionRunner,
    private readonly clock: WriteClock,
    private readonly mutations: MutationLog,
    private readonly conditions: NetworkConditions | undefined,
  ) {
    socket.on("message", (data) => this.receive(JSON.parse(String(data)) as ClientMessage));
    this.ping = setInterval(() => this.send({ type: "Ping" }), PING_INTERVAL_MS);
    socket.on("close", () => clearInterval(this.ping));
  }

  /** A commit wrote these tables: the next refresh re-runs the subscriptions that read any of them. */
  noteWritten(tables: ReadonlySet<TableKey>): void {
    if (this.written === "all") return;
    for (const table of tables) this.written.add(table);
  }

  /**
   * Re-runs the subscribed queries a write may have changed (`everything`: all of them) and sends
   * what changed (coalesced: one pending refresh at most).
   */
  refresh(everything = false): void {
    if (everything) this.written = "all";
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    this.enqueue(async () => {
      this.refreshQueued = false;
      await this.transition({});
    });
  }

  private receive(message: ClientMessage): void {
    switch (message.type) {
      case "Connect":
        this.sessionId = message.sessionId;
        return;
      case "Event":
        return;
      case "ModifyQuerySet":
        return this.enqueue(() => this.modifyQuerySet(message));
      case "Authenticate":
        return this.enqueue(() => this.authenticate(message));
      case "Mutation":
        return this.enqueue(async () => {
          const outcome = await this.mutations.once(this.sessionId, message.requestId, () =>
            this.execute("mutation", message.udfPath, message.args),
          );
          // The runner has already ticked the clock for this write and told every session.
          const ts = this.clock.now();
          await this.conditions?.delay?.("socket-answer");
          this.send({
            type: "MutationResponse",
            requestId: message.requestId,
            ...respond(outcome),
            ...(outcome.success ? { ts: encodeTs(ts) } : {}),
          });
          // The client resolves the mutation only once a Transition reaches its ts.
          await this.transition({ force: true });
        });
      case "Action":
        // Actions are not transactions: they run beside the queue and answer when done.
        void this.execute("action", message.udfPath, message.args).then(async (outcome) => {
          await this.conditions?.delay?.("socket-answer");
          this.send({ type: "ActionResponse", requestId: message.requestId, ...respond(outcome) });
        });
        return;
    }
  }

  private async modifyQuerySet(message: Extract<ClientMessage, { type: "ModifyQuerySet" }>): Promise<void> {
    if (message.baseVersion !== this.version.querySet) {
      this.socket.close(1011, `query set version ${message.baseVersion} does not follow ${this.version.querySet}`);
      return;
    }
    const removed: number[] = [];
    for (const change of message.modifications) {
      if (change.type === "Add") {
        this.queries.set(change.queryId, { udfPath: canonicalPath(change.udfPath), args: change.args[0] ?? {} });
      } else {
        this.queries.delete(change.queryId);
        removed.push(change.queryId);
      }
    }
    await this.transition({ querySet: message.newVersion, removed });
  }

  private async authenticate(message: Extract<ClientMessage, { type: "Authenticate" }>): Promise<void> {
    if (message.tokenType === "User") {
      try {
        this.identity = await verifyToken(message.value);
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) throw error;
        this.send({
          type: "AuthError",
          error: error.message,
          baseVersion: message.baseVersion,
          authUpdateAttempted: true,
        });
        return;
      }
    } else if (message.tokenType === "Admin") {
      this.send({
        type: "AuthError",
        error: "admin keys are not accepted here",
        baseVersion: message.baseVersion,
        authUpdateAttempted: true,
      });
      return;
    } else {
      this.identity = null;
    }
    // Confirmed by a Transition whose identity version is one past the client's base.
    await this.transition({ identity: message.baseVersion + 1, rerunAll: true });
  }

  /**
   * Sends one Transition from the client's current version: every subscribed query that read a
   * table written since the last one re-run (all of them after an identity change, a poll, or when
   * what was written is not known), the ones whose answer changed included. Sent when anything
   * changed, or when `force`d so a mutation's ts is reached.
   */
  private async transition(change: {
    querySet?: number;
    identity?: number;
    removed?: number[];
    rerunAll?: boolean;
    force?: boolean;
  }): Promise<void> {
    const ts = this.clock.now();
    const written = this.written;
    this.written = new Set();
    const modifications: Modification[] = (change.removed ?? []).map((queryId) => ({ type: "QueryRemoved", queryId }));
    for (const [queryId, query] of this.queries) {
      if (!change.rerunAll && !mayHaveChanged(query, written)) continue;
      const { outcome, reads } = await this.runner.runQuery(query.udfPath, query.args, this.identity);
      query.reads = reads;
      const serialised = JSON.stringify(outcome);
      if (serialised === query.lastSent && !change.rerunAll) continue;
      query.lastSent = serialised;
      modifications.push(
        outcome.success
          ? { type: "QueryUpdated", queryId, value: outcome.value, logLines: [], journal: null }
          : {
              type: "QueryFailed",
              queryId,
              errorMessage: outcome.errorMessage,
              errorData: outcome.errorData ?? null,
              logLines: [],
              journal: null,
            },
      );
    }
    const end = {
      querySet: change.querySet ?? this.version.querySet,
      ts: ts > this.version.ts ? ts : this.version.ts,
      identity: change.identity ?? this.version.identity,
    };
    const changed =
      modifications.length > 0 || end.querySet !== this.version.querySet || end.identity !== this.version.identity;
    if (!changed && !change.force) return;
    if (!change.force) await this.conditions?.delay?.("socket-push");
    this.send({
      type: "Transition",
      startVersion: wireVersion(this.version),
      endVersion: wireVersion(end),
      modifications,
    });
    this.version = end;
  }

  private execute(kind: "mutation" | "action", udfPath: string, args: JSONValue[]): Promise<Outcome> {
    return this.runner.run(kind, canonicalPath(udfPath), args[0] ?? {}, this.identity);
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      console.error("local backend: sync session error", error);
      this.socket.terminate();
    });
  }

  private send(message: object): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

/** Whether the writes since its last run can have changed a subscription's answer. */
function mayHaveChanged(query: Subscription, written: Set<TableKey> | "all"): boolean {
  if (written === "all" || query.lastSent === undefined || query.reads === undefined) return true;
  for (const table of query.reads) if (written.has(table)) return true;
  return false;
}

function respond(outcome: Outcome) {
  return outcome.success
    ? { success: true, result: outcome.value, logLines: [] }
    : {
        success: false,
        result: outcome.errorMessage,
        logLines: [],
        ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
      };
}

function wireVersion(version: { querySet: number; ts: bigint; identity: number }) {
  return { querySet: version.querySet, ts: encodeTs(version.ts), identity: version.identity };
}

import { v, type Infer } from "convex/values";

/*
 * What the crash watchdog (workflowWatchdog.ts) concludes from one look at a negotiation run on the
 * Mastra server. Kept free of Convex context so each verdict can be read (and tested) on its own.
 *
 * Why a watchdog at all: the quote is closed by the workflow's own `completeQuote` write. If the
 * Mastra server crashes, restarts (losing its in-memory runs) or gives up on that write, nothing
 * else would ever close the quote, and the buyer would watch "negotiating" and "typing…" forever.
 */

/** Between two checks of a run. Negotiations take minutes, so this costs a handful of requests per quote. */
export const DEFAULT_WATCHDOG_INTERVAL_MS = 2 * 60_000;
/** Below this a misconfigured interval would poll the Mastra server in a tight loop. */
const MIN_WATCHDOG_INTERVAL_MS = 1_000;

/**
 * After this many checks in a row without a sign of life (no answer, an error, or a run still not
 * started) the run is given up on: with the default interval, about six minutes.
 */
export const MAX_CONSECUTIVE_MISSES = 3;

/**
 * The pause between checks. Deployments can change it with the env var WATCHDOG_INTERVAL_MS (whole
 * milliseconds, at least 1000), e.g. `npx convex env set WATCHDOG_INTERVAL_MS 30000`. Read at each
 * scheduling, so a change applies from the next check on. An unusable value falls back to the
 * default rather than stopping the watchdog, which would leave crashed quotes open.
 */
export function watchdogIntervalMs(): number {
  const raw = process.env.WATCHDOG_INTERVAL_MS?.trim();
  if (!raw) return DEFAULT_WATCHDOG_INTERVAL_MS;
  const value = Number(raw);
  if (Number.isSafeInteger(value) && value >= MIN_WATCHDOG_INTERVAL_MS) return value;
  console.warn(
    `WATCHDOG_INTERVAL_MS "${raw}" is not a whole number of milliseconds >= ${MIN_WATCHDOG_INTERVAL_MS}; ` +
      `using ${DEFAULT_WATCHDOG_INTERVAL_MS}`,
  );
  return DEFAULT_WATCHDOG_INTERVAL_MS;
}

/**
 * A run still "running" after this long is presumed dead: the Mastra server keeps a crashed run's
 * last stored status, and a live one ends well within it (each negotiation times out after 5
 * minutes by default, NEGOTIATION_TIMEOUT_MS). Deployments can change it with WATCHDOG_MAX_RUN_MS.
 */
export const DEFAULT_MAX_RUN_MS = 30 * 60_000;

export function maxRunMs(): number {
  const value = Number(process.env.WATCHDOG_MAX_RUN_MS?.trim() || DEFAULT_MAX_RUN_MS);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_MAX_RUN_MS;
}

/**
 * A run that says it is working but has written nothing to its quote for this long is asked for
 * again (the server resumes it from its snapshot unless it is executing it). Deployments can change
 * it with WATCHDOG_STALL_MS; by default five minutes, well past any one model call's time limit.
 */
export const DEFAULT_STALL_MS = 5 * 60_000;

export function stallMs(): number {
  const value = Number(process.env.WATCHDOG_STALL_MS?.trim() || DEFAULT_STALL_MS);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_STALL_MS;
}

/** Resumes asked for in a row without the run writing anything, before it is given up on. */
export const MAX_RESUMES = 3;

/**
 * What one check saw: the run's status (null when the server has no such run), or no usable answer;
 * for a run that had stalled, what the server said when asked to resume it.
 */
export const runObservationValidator = v.union(
  v.object({
    kind: v.literal("status"),
    status: v.union(v.string(), v.null()),
    resume: v.optional(v.string()),
  }),
  v.object({ kind: v.literal("no-answer"), reason: v.string() }),
);
export type RunObservation = Infer<typeof runObservationValidator>;

/** How many checks in a row saw no sign of life, and how many resumes in a row brought no progress. */
export interface WatchCounts {
  misses: number;
  resumes: number;
}

export type RunVerdict =
  /** Look again after the interval; `reconnecting` while the run is being asked for again. */
  | ({ action: "watch"; reconnecting: boolean } & WatchCounts)
  /** The run will never report back: fail the quote with this error. */
  | { action: "fail"; error: string };

/** Statuses (Mastra's WorkflowRunStatus) of a run that is still working and will report back. */
const ALIVE_STATUSES: ReadonlySet<string> = new Set(["running", "waiting"]);

/**
 * The verdict on a run whose quote is still open (the caller checks that, since a quote that ended
 * needs no verdict). `previousMisses` counts the checks in a row before this one without a sign of life.
 */
export function judgeRunCheck(
  runId: string,
  observation: RunObservation,
  previous: WatchCounts,
  runAgeMs: number,
): RunVerdict {
  if (observation.kind === "no-answer") return miss(runId, previous, observation.reason);
  const { status } = observation;
  if (status === null || observation.resume === "unknown") {
    return {
      action: "fail",
      error: `The Mastra server no longer knows negotiation run ${runId} (restarted?), so the run will not report back.`,
    };
  }
  if (ALIVE_STATUSES.has(status)) return judgeAliveRun(runId, status, observation.resume, previous, runAgeMs);
  // Created but never started: the start request may still be on its way, but not for long.
  if (status === "pending") return miss(runId, previous, "the run was created but never started");
  if (status === "success") {
    return {
      action: "fail",
      error: `The negotiation run ${runId} finished on the Mastra server, but its result never reached Convex.`,
    };
  }
  // failed, canceled, bailed, suspended (nothing resumes this workflow), or any status this code
  // does not know: in each case the run is no longer working towards a result.
  return {
    action: "fail",
    error: `The negotiation run ${runId} on the Mastra server ended "${status}" without reporting back.`,
  };
}

/**
 * A run that says it is working: watched while it writes; asked for again when it has stalled (the
 * check says what the server answered); given up on after too long, or after resumes that brought
 * nothing.
 */
function judgeAliveRun(
  runId: string,
  status: string,
  resume: string | undefined,
  previous: WatchCounts,
  runAgeMs: number,
): RunVerdict {
  const limit = maxRunMs();
  if (runAgeMs > limit) {
    return {
      action: "fail",
      error: `The negotiation run ${runId} still says "${status}" after ${Math.round(runAgeMs / 60_000)} minutes (limit ${Math.round(limit / 60_000)}); the Mastra server most likely stopped mid-run.`,
    };
  }
  // Not stalled, or executing on the server right now (only slow): all is well.
  if (resume === undefined || resume === "running")
    return { action: "watch", misses: 0, resumes: 0, reconnecting: false };
  const resumes = previous.resumes + 1;
  if (resumes > MAX_RESUMES) {
    return {
      action: "fail",
      error: `The negotiation run ${runId} was resumed ${MAX_RESUMES} times and still wrote nothing; the negotiation service cannot carry it on.`,
    };
  }
  return { action: "watch", misses: 0, resumes, reconnecting: true };
}

function miss(runId: string, previous: WatchCounts, reason: string): RunVerdict {
  const misses = previous.misses + 1;
  if (misses < MAX_CONSECUTIVE_MISSES)
    return { action: "watch", misses, resumes: previous.resumes, reconnecting: true };
  return {
    action: "fail",
    error: `The watchdog gave up on negotiation run ${runId} after ${misses} checks in a row without a sign of life; last: ${reason}`,
  };
}

import type { AdaptiveTimeout } from "./adaptive-timeout";

/** A failure worth retrying: the request may not have reached Convex, or Convex was briefly
 *  unavailable. Function errors (HTTP 560: validation, auth) are not transient and never retried. */
export class TransientWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransientWriteError";
  }
}

/** How often a request's timeout checks in (at most); each check credits at most this much waiting. */
const TIMEOUT_TICK_MS = 500;
/** A short timeout still checks in a few times, so a late tick cannot overshoot it by much. */
const TICKS_PER_TIMEOUT = 4;

/**
 * A request timeout that counts only time the process was free to notice an answer. It advances
 * in ticks, each crediting at most its nominal length however late it fired, and its last tick
 * yields once more to pending I/O before aborting: an answer that arrived while the event loop was
 * busy is read, not abandoned and sent again. A server that really does not answer still times out
 * after `timeoutMs` of responsive waiting.
 */
export function busyAwareTimeout(timeoutMs: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const tick = Math.max(1, Math.min(TIMEOUT_TICK_MS, timeoutMs / TICKS_PER_TIMEOUT));
  let credited = 0;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  const step = () => {
    credited += tick;
    if (credited < timeoutMs) {
      timer = setTimeout(step, tick);
      return;
    }
    // setImmediate runs after this loop turn's I/O poll: an answer already received wins.
    timer = setImmediate(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")));
  };
  timer = setTimeout(step, tick);
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
    },
  };
}

/**
 * Wraps fetch for ConvexHttpClient so transient failures surface as TransientWriteError: network
 * errors (refused, reset, dropped), a per-request timeout (busy-aware, above; fixed, or adapted to
 * how fast answers have been coming), and HTTP 429/5xx other than Convex's 560 "function threw".
 * The client itself cannot tell these apart from application errors.
 */
export function transientAwareFetch(timeout: number | AdaptiveTimeout, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const timeoutMs = typeof timeout === "number" ? timeout : timeout.currentMs();
    const timer = busyAwareTimeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timer.signal]) : timer.signal;
    const sentAt = performance.now();
    try {
      const response = await classify(base, input, { ...init, signal });
      if (typeof timeout !== "number") timeout.answered(performance.now() - sentAt);
      return response;
    } catch (error) {
      if (typeof timeout !== "number" && timer.signal.aborted) timeout.timedOut();
      throw error;
    } finally {
      timer.clear();
    }
  };
}

/** The answer, or a TransientWriteError when it is worth asking again. */
async function classify(base: typeof fetch, input: Parameters<typeof fetch>[0], init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await base(input, init);
  } catch (error) {
    throw new TransientWriteError(`network error: ${describeCause(error)}`, { cause: error });
  }
  // Read the body here, so a connection dropped mid-response is also classified as transient.
  let body: ArrayBuffer;
  try {
    body = await response.arrayBuffer();
  } catch (error) {
    throw new TransientWriteError(`connection lost reading the response: ${describeCause(error)}`, { cause: error });
  }
  if (response.status === 429 || (response.status >= 500 && response.status !== 560)) {
    const text = new TextDecoder().decode(body).slice(0, 200);
    throw new TransientWriteError(`HTTP ${response.status}${text ? `: ${text}` : ""}`);
  }
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

/** A failure worth retrying: the request may not have reached Convex, or Convex was briefly
 *  unavailable. Function errors (HTTP 560: validation, auth) are not transient and never retried. */
export class TransientWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransientWriteError";
  }
}

/**
 * Wraps fetch for ConvexHttpClient so transient failures surface as TransientWriteError: network
 * errors (refused, reset, dropped), a per-request timeout, and HTTP 429/5xx other than Convex's
 * 560 "function threw". The client itself cannot tell these apart from application errors.
 */
export function transientAwareFetch(timeoutMs: number, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const signal = init?.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await base(input, { ...init, signal });
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
  };
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

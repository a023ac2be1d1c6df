/**
 * A few attempts with growing pauses, for calls from a Convex action to another server.
 *
 * Hand-written rather than p-retry: p-retry gives up on any TypeError whose message it does not
 * recognise as a network error, and the Convex runtime's fetch failures are not phrased like
 * Node's or a browser's, so a refused connection would not be retried there. Here the caller says
 * what is worth retrying.
 */

export interface RetryOptions {
  /** Pauses before the 2nd, 3rd, … attempt; its length + 1 is the number of attempts. */
  delaysMs: readonly number[];
  isRetriable(error: unknown): boolean;
}

export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(lastError instanceof Error ? lastError.message : String(lastError));
    this.name = "RetriesExhaustedError";
  }
}

/**
 * Resolves with the first success; throws the error itself when it is not retriable, and a
 * RetriesExhaustedError when every attempt failed. `operation` gets the attempt number (from 1),
 * so a retry can first check whether an earlier attempt whose answer was lost went through.
 */
export async function withRetries<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.delaysMs.length + 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!options.isRetriable(error)) throw error;
      const delay = options.delaysMs[attempt - 1];
      if (delay === undefined) throw new RetriesExhaustedError(attempts, error);
      await sleep(delay);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

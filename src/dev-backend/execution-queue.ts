/**
 * One function at a time, in arrival order: Convex runs queries and mutations as serializable
 * transactions, and convex-test's in-memory database must not see two interleave.
 */
export class ExecutionQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

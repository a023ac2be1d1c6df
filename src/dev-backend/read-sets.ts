import { deploymentInternals, INTERNALS_MOVED, type ComponentDatabase } from "./convex-test-internals";
import type { Backend, ReadCounter } from "./function-runner";
import { tableOf } from "./query-indexes";

/** A table of one component's database: `<component>/<table>` (the app's own component is ""). */
export type TableKey = string;

/** The parts of convex-test's `DatabaseFake` that say which tables a query read and a commit wrote. */
interface TrackedDatabase extends ComponentDatabase {
  get(tableName: string | null | undefined, id: string): unknown;
  _iterateDocs(tableName: string, callback: (document: unknown) => void): void;
  commit(commitTs: bigint | null): void;
}

/**
 * Which tables each query reads and each commit writes, so a write re-runs only the subscriptions
 * that read what it changed, as Convex does with its read sets (here by table, coarser than
 * Convex's index ranges but never missing a change). While `measure` runs a query, every read of
 * any database is counted as the query's: other work interleaving with it (an action's own calls)
 * can only add tables, which re-runs a subscription once too often, never once too few.
 */
export class ReadSets implements ReadCounter {
  private reading: Set<TableKey> | undefined;
  private readonly listeners = new Set<(written: ReadonlySet<TableKey>) => void>();

  /** Runs a query and says which tables it read. */
  async measure<T>(query: () => Promise<T>): Promise<{ value: T; reads: ReadonlySet<TableKey> }> {
    const reads = new Set<TableKey>();
    this.reading = reads;
    try {
      return { value: await query(), reads };
    } finally {
      if (this.reading === reads) this.reading = undefined;
    }
  }

  /** Tells `listener` the tables every commit changed, as it commits. Returns how to stop. */
  onCommit(listener: (written: ReadonlySet<TableKey>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Installs the counting on every mounted component's database. */
  async install(backend: Backend): Promise<void> {
    const { components } = await deploymentInternals(backend);
    for (const [name, { db }] of Object.entries(components)) this.track(db as TrackedDatabase, name);
  }

  private track(db: TrackedDatabase, component: string): void {
    for (const method of ["get", "_iterateDocs", "commit"] as const) {
      if (typeof db[method] !== "function") throw new Error(`${INTERNALS_MOVED} (no ${method})`);
    }
    const key = (table: string): TableKey => `${component}/${table}`;
    const get = db.get.bind(db);
    db.get = (tableName, id) => {
      this.reading?.add(key(tableName ?? tableOf(id)));
      return get(tableName, id);
    };
    const iterate = db._iterateDocs.bind(db);
    db._iterateDocs = (tableName, callback) => {
      this.reading?.add(key(tableName));
      iterate(tableName, callback);
    };
    const commit = db.commit.bind(db);
    db.commit = (commitTs) => {
      // Only the outermost commit reaches the documents; a nested one folds into its parent.
      const written = db._writes.length === 1 ? Object.keys(db._writes[0] ?? {}) : [];
      commit(commitTs);
      if (written.length === 0) return;
      const tables = new Set(written.map((id) => key(tableOf(id))));
      for (const listener of this.listeners) listener(tables);
    };
  }
}

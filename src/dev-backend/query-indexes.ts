import {
  deploymentInternals,
  INTERNALS_MOVED,
  type ComponentDatabase,
  type StoredDocument,
} from "./convex-test-internals";
import type { Backend } from "./function-runner";

/** A query's source as convex-test receives it: a table scan, an index range, or a search. */
interface QuerySource {
  type: "FullTableScan" | "IndexRange" | "Search";
  tableName?: string;
  indexName?: string;
  range?: Array<{ type: string; fieldPath: string; value: unknown }>;
}

/** The parts of convex-test's `DatabaseFake` that reading through indexes replaces. */
export interface QueryableDatabase extends ComponentDatabase {
  _iterateDocs(tableName: string, callback: (document: StoredDocument) => void): void;
  _resolveQuerySource(query: { source: QuerySource }): unknown;
  commit(commitTs: bigint | null): void;
  _schema: { tables: Map<string, { indexes: Array<{ indexDescriptor: string; fields: string[] }> }> } | null;
}

const indexed = new WeakSet<QueryableDatabase>();
type Ids = Set<string>;
const NONE: Ids = new Set();

/** Every mounted component's database reads through indexes (see `readThroughIndexes`). */
export async function indexDeployment(backend: Backend): Promise<void> {
  const { components } = await deploymentInternals(backend);
  for (const { db } of Object.values(components)) readThroughIndexes(db as QueryableDatabase);
}

/**
 * Gives convex-test's in-memory database the indexes a real deployment has. convex-test answers
 * every query, `withIndex` included, by scanning every document of every table, which made the
 * local backend's writes slower the more it held (about 270 a second with a few thousand
 * messages). Here each table keeps its ids, and each declared index its ids by the value of its
 * first field; a query then reads only the documents its table, or its index's first equality,
 * names. convex-test still filters, sorts and pages them, so answers are exactly the same: the
 * indexes only narrow which documents it looks at, never which it keeps.
 *
 * Kept current by wrapping the database's commit: documents change nowhere else once the
 * deployment has been restored from its data folder, which is why this is installed after that.
 */
export function readThroughIndexes(db: QueryableDatabase): void {
  // A test may start a second backend on the same deployment: its indexes are already kept.
  if (indexed.has(db)) return;
  indexed.add(db);
  for (const method of ["_iterateDocs", "_resolveQuerySource", "commit"] as const) {
    if (typeof db[method] !== "function") throw new Error(`${INTERNALS_MOVED} (no ${method})`);
  }
  const indexes = new DocumentIndexes(firstFieldsOf(db));
  for (const [id, document] of Object.entries(db._documents)) indexes.add(id, document);

  let candidates: Ids | undefined;
  const resolveQuerySource = db._resolveQuerySource.bind(db);
  db._resolveQuerySource = (query) => {
    candidates = indexes.candidates(query.source);
    try {
      return resolveQuerySource(query);
    } finally {
      candidates = undefined;
    }
  };
  db._iterateDocs = (tableName, callback) => {
    const ids = new Set(candidates ?? indexes.table(tableName));
    // What the open transaction wrote is not indexed yet: every pending id of the table is read.
    for (const level of db._writes) for (const id of Object.keys(level)) if (isInTable(id, tableName)) ids.add(id);
    for (const id of ids) {
      const document = latest(db, id);
      if (document) callback(document);
    }
  };
  const commit = db.commit.bind(db);
  db.commit = (commitTs) => {
    const outermost = db._writes.length === 1 ? Object.keys(db._writes[0] ?? {}) : [];
    const before = outermost.map((id) => db._documents[id]);
    commit(commitTs);
    outermost.forEach((id, i) => {
      const old = before[i];
      if (old) indexes.remove(id, old);
      const now = db._documents[id];
      if (now) indexes.add(id, now);
    });
  };
}

/** Each table's declared indexes by name, with the field an equality on narrows them. */
function firstFieldsOf(db: QueryableDatabase): Map<string, Map<string, string>> {
  const byTable = new Map<string, Map<string, string>>();
  for (const [table, { indexes }] of db._schema?.tables ?? []) {
    const first = new Map<string, string>();
    for (const { indexDescriptor, fields } of indexes) if (fields[0]) first.set(indexDescriptor, fields[0]);
    byTable.set(table, first);
  }
  return byTable;
}

class DocumentIndexes {
  private readonly tables = new Map<string, Ids>();
  /** `table.index` → the first field's value (as a key) → ids. */
  private readonly entries = new Map<string, Map<string, Ids>>();

  constructor(private readonly firstFields: Map<string, Map<string, string>>) {}

  table(name: string): Ids {
    return this.tables.get(name) ?? NONE;
  }

  /** The ids a query can match, or undefined to read its whole table (no equality on an index's first field). */
  candidates(source: QuerySource): Ids | undefined {
    if (source.type !== "IndexRange" || !source.indexName) return undefined;
    const [table = "", index = ""] = source.indexName.split(".");
    const field = this.firstFields.get(table)?.get(index);
    const first = source.range?.[0];
    if (!field || first?.type !== "Eq" || first.fieldPath !== field) return undefined;
    const key = keyOfQueryValue(first.value);
    if (key === undefined) return undefined;
    const entry = this.entries.get(source.indexName);
    const matching = entry?.get(key) ?? NONE;
    const unkeyed = entry?.get(UNKEYED);
    return unkeyed ? new Set([...matching, ...unkeyed]) : matching;
  }

  add(id: string, document: StoredDocument): void {
    this.update(id, document, (ids) => ids.add(id));
  }

  remove(id: string, document: StoredDocument): void {
    this.update(id, document, (ids) => ids.delete(id));
  }

  private update(id: string, document: StoredDocument, change: (ids: Ids) => void): void {
    const table = tableOf(id);
    change(getOrAdd(this.tables, table, () => new Set()));
    for (const [index, field] of this.firstFields.get(table) ?? []) {
      const entry = getOrAdd(this.entries, `${table}.${index}`, () => new Map<string, Ids>());
      change(getOrAdd(entry, keyOfValue(fieldValue(document, field)), () => new Set()));
    }
  }
}

/** Where a document whose indexed field holds an object, an array or bytes is kept: read by every query on the index. */
const UNKEYED = "unkeyed";

/** A key equal for equal primitive values; undefined for the rest, which are not narrowed by. */
function keyOfValue(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "undefined":
    case "string":
    case "number":
    case "bigint":
    case "boolean":
      return `${typeof value}:${String(value)}`;
    default:
      return UNKEYED;
  }
}

/**
 * The key of a query's value as it arrives in convex-test (Convex's JSON form; `{ $undefined }` for
 * undefined); undefined when it is not a plain string, number or boolean, so the query reads its table.
 */
function keyOfQueryValue(value: unknown): string | undefined {
  if (value === null) return "null";
  if (typeof value === "string" || typeof value === "boolean") return keyOfValue(value);
  if (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0)) return keyOfValue(value);
  if (typeof value === "object" && "$undefined" in value) return keyOfValue(undefined);
  return undefined;
}

/** A field by its dotted path, as convex-test reads one. */
function fieldValue(document: StoredDocument, fieldPath: string): unknown {
  let value: unknown = document;
  for (const part of fieldPath.split(".")) {
    value =
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  return value;
}

/** The document as the open transaction sees it (its latest pending write, else the committed one). */
function latest(db: ComponentDatabase, id: string): StoredDocument | null {
  for (let i = db._writes.length - 1; i >= 0; i--) {
    const write = db._writes[i]?.[id];
    if (write !== undefined) return write;
  }
  return db._documents[id] ?? null;
}

/** convex-test's ids are a counter followed by the table's name. */
export function tableOf(id: string): string {
  return id.replace(/^[0-9]+/, "");
}

function isInTable(id: string, table: string): boolean {
  return tableOf(id) === table;
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

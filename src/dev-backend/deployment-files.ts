import { existsSync } from "node:fs";
import { open, readdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { convexToJson, jsonToConvex, type JSONValue } from "convex/values";
import type { DeploymentInternals, StoredDocument } from "./convex-test-internals";

/*
 * The local backend's data folder holds two files of JSON lines:
 *
 * - `snapshot.jsonl`: a header line `{"snapshot":1,"components":{path:{"n":nextDocId,"t":lastCreationTime}}}`,
 *   then one `[componentPath, document]` line per document (Convex's JSON encoding, `_id` included);
 * - `journal-<generation>.jsonl`: one line per committed transaction,
 *   `{"c":[{"p":componentPath,"n":…,"t":…,"w":[[id, document | null], …]}]}` (`null` = deleted).
 *   A compaction starts the next generation at the instant it reads the state it snapshots, and
 *   deletes older generations once the snapshot is safely on disk.
 *
 * Every journal line sets whole documents, so replaying, in order, journals the snapshot already
 * holds and then the newer ones gives the same state: a crash anywhere in a compaction is harmless.
 * A last line cut off by a kill (no newline, or not JSON) was never acknowledged and is dropped.
 */

export const SNAPSHOT_FILE = "snapshot.jsonl";
const JOURNAL_NAME = /^journal-(\d+)\.jsonl$/;

export function journalFile(dir: string, generation: number): string {
  return path.join(dir, `journal-${String(generation).padStart(6, "0")}.jsonl`);
}

/** The journals in the folder, oldest first. */
export async function journalGenerations(dir: string): Promise<number[]> {
  const names = existsSync(dir) ? await readdir(dir) : [];
  return names
    .flatMap((name) => {
      const generation = JOURNAL_NAME.exec(name)?.[1];
      return generation === undefined ? [] : [Number(generation)];
    })
    .sort((a, b) => a - b);
}

export interface ComponentState {
  nextDocId: number;
  lastCreationTime: number;
  documents: Map<string, StoredDocument>;
}

export interface JournalEntry {
  p: string;
  n: number;
  t: number;
  w: Array<[string, JSONValue | null]>;
}

/** What the folder holds: every component's documents and counters, the journal replayed. */
export async function readDeployment(dir: string): Promise<{ state: Map<string, ComponentState>; commits: number }> {
  const state = new Map<string, ComponentState>();
  const component = (name: string) => {
    let found = state.get(name);
    if (!found) state.set(name, (found = { nextDocId: 0, lastCreationTime: 0, documents: new Map() }));
    return found;
  };
  const snapshot = await readLines(path.join(dir, SNAPSHOT_FILE), false);
  const [header, ...documents] = snapshot;
  const counters = (header as { components?: Record<string, { n: number; t: number }> } | undefined)?.components;
  for (const [name, { n, t }] of Object.entries(counters ?? {})) Object.assign(component(name), counterState(n, t));
  for (const line of documents) {
    const [name, json] = line as [string, JSONValue];
    const document = jsonToConvex(json) as StoredDocument;
    component(name).documents.set(String(document._id), document);
  }
  let commits = 0;
  for (const generation of await journalGenerations(dir)) {
    for (const line of await readLines(journalFile(dir, generation), true)) {
      for (const entry of (line as { c: JournalEntry[] }).c) applyEntry(component(entry.p), entry);
      commits++;
    }
  }
  return { state, commits };
}

function counterState(n: number, t: number) {
  return { nextDocId: n, lastCreationTime: t };
}

function applyEntry(target: ComponentState, entry: JournalEntry): void {
  target.nextDocId = Math.max(target.nextDocId, entry.n);
  target.lastCreationTime = Math.max(target.lastCreationTime, entry.t);
  for (const [id, json] of entry.w) {
    if (json === null) target.documents.delete(id);
    else target.documents.set(id, jsonToConvex(json) as StoredDocument);
  }
}

/** The lines of a JSON-lines file (none if it is missing). A torn last line is dropped when `tornTail` may be. */
async function readLines(file: string, tornTail: boolean): Promise<unknown[]> {
  if (!existsSync(file)) return [];
  const text = await readFile(file, "utf8");
  const lines = text.split("\n");
  const last = lines.pop() ?? "";
  const parsed: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.length === 0) continue;
    try {
      parsed.push(JSON.parse(line));
    } catch {
      if (tornTail && index === lines.length - 1) break;
      throw new Error(`${file}: line ${index + 1} is not JSON; the data folder is damaged (start with --fresh)`);
    }
  }
  if (last.length > 0 && !tornTail) throw new Error(`${file} ends mid-line; the data folder is damaged`);
  return parsed;
}

/**
 * Every component's committed documents as a snapshot's text, read in one synchronous pass: no
 * transaction can commit in between, so it is one consistent point in the journal.
 */
export function snapshotText(internals: DeploymentInternals): string {
  const header: Record<string, { n: number; t: number }> = {};
  const lines: string[] = [];
  for (const [name, { db }] of Object.entries(internals.components)) {
    header[name] = { n: db._nextDocId, t: db._lastCreationTime };
    for (const document of Object.values(db._documents)) lines.push(JSON.stringify([name, convexToJson(document)]));
  }
  return [JSON.stringify({ snapshot: 1, components: header }), ...lines, ""].join("\n");
}

/** Writes a snapshot to a temporary file, synced, then renamed over the old one (folder synced): a crash leaves one whole. */
export async function saveSnapshot(dir: string, text: string): Promise<void> {
  const temporary = path.join(dir, `${SNAPSHOT_FILE}.tmp`);
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path.join(dir, SNAPSHOT_FILE));
  const folder = await open(dir, "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

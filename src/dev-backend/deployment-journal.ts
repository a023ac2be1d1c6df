import { rm } from "node:fs/promises";
import { convexToJson } from "convex/values";
import { AppendOnlyFile } from "./append-only-file";
import type { ComponentDatabase, DeploymentInternals } from "./convex-test-internals";
import { journalFile, journalGenerations, saveSnapshot, snapshotText, type JournalEntry } from "./deployment-files";

/** A journal this big is folded into a new snapshot, so a restart replays little. */
const COMPACT_AT_BYTES = 64 * 1024 * 1024;

/**
 * Writes every committed transaction of a convex-test deployment to the data folder's journal, as
 * the documents it changed (whole, with their ids), the moment it commits. `durable()` resolves once
 * everything committed so far is synced: the backend answers a client only after that, so nothing
 * it acknowledged is lost to a crash.
 */
export class DeploymentJournal {
  private retiring = new Set<AppendOnlyFile>();
  private compacting: Promise<void> | undefined;
  private closed = false;
  /** Transactions written since the backend started. */
  commits = 0;

  private constructor(
    private readonly dir: string,
    private readonly internals: DeploymentInternals,
    private current: AppendOnlyFile,
    private generation: number,
  ) {}

  /**
   * Snapshots the state as it is now (restored, nothing run yet), removes the journals it holds,
   * and from then on journals every commit.
   */
  static async start(dir: string, internals: DeploymentInternals): Promise<DeploymentJournal> {
    const generation = ((await journalGenerations(dir)).at(-1) ?? 0) + 1;
    const file = await AppendOnlyFile.open(journalFile(dir, generation));
    await saveSnapshot(dir, snapshotText(internals));
    await removeGenerationsBelow(dir, generation);
    const journal = new DeploymentJournal(dir, internals, file, generation);
    journal.watchCommits();
    return journal;
  }

  durable(): Promise<void> {
    return Promise.all([...[...this.retiring].map((file) => file.durable()), this.current.durable()]).then(
      () => undefined,
    );
  }

  /**
   * Syncs what was committed and stops journaling: the deployment is stopping, and a scheduled
   * function that still fires in this process before it exits answers no one.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.compacting;
    await this.durable();
    await this.current.close();
  }

  /** Wraps the commit of the outermost transaction: after it, the changed documents are journaled. */
  private watchCommits(): void {
    const manager = this.internals.transactionManager;
    const commit = manager.commit.bind(manager);
    manager.commit = (isNested) => {
      if (isNested) return commit(isNested);
      const touched = Object.entries(this.internals.components).map(
        ([path, { db }]) => [path, db, Object.keys(db._writes.at(-1) ?? {})] as const,
      );
      const ts = commit(isNested);
      const entries = touched.filter(([, , ids]) => ids.length > 0).map(([path, db, ids]) => entryOf(path, db, ids));
      if (entries.length > 0) this.record(entries);
      return ts;
    };
  }

  private record(entries: JournalEntry[]): void {
    if (this.closed) return;
    this.current.append(`${JSON.stringify({ c: entries })}\n`);
    this.commits++;
    if (this.current.size > COMPACT_AT_BYTES && !this.compacting) {
      this.compacting = this.compact()
        .catch((error: unknown) => console.error("local backend: could not compact its journal", error))
        .finally(() => (this.compacting = undefined));
    }
  }

  /**
   * Starts the next journal and reads the snapshot in the same synchronous step, so the snapshot
   * holds exactly what the older journals hold; once it is on disk they go.
   */
  private async compact(): Promise<void> {
    const next = this.generation + 1;
    const file = await AppendOnlyFile.open(journalFile(this.dir, next));
    const old = this.current;
    this.current = file;
    this.generation = next;
    const text = snapshotText(this.internals);
    this.retiring.add(old);
    try {
      await old.close();
      await saveSnapshot(this.dir, text);
      await removeGenerationsBelow(this.dir, next);
    } finally {
      this.retiring.delete(old);
    }
  }
}

function entryOf(path: string, db: ComponentDatabase, ids: string[]): JournalEntry {
  return {
    p: path,
    n: db._nextDocId,
    t: db._lastCreationTime,
    w: ids.map((id) => {
      const document = db._documents[id];
      return [id, document === undefined ? null : convexToJson(document)];
    }),
  };
}

async function removeGenerationsBelow(dir: string, generation: number): Promise<void> {
  for (const older of await journalGenerations(dir)) {
    if (older < generation) await rm(journalFile(dir, older), { force: true });
  }
}

import { mkdir } from "node:fs/promises";
import { deploymentInternals, type DeploymentInternals } from "./convex-test-internals";
import { readDeployment, type ComponentState } from "./deployment-files";
import { DeploymentJournal } from "./deployment-journal";
import { functionLoader, type Backend } from "./function-runner";
import { rearmScheduledFunctions } from "./rearm-scheduled-functions";

export interface DurableDeployment {
  /** Resolves once every transaction committed so far is on disk. */
  durable(): Promise<void>;
  /** Waits for the journal to be synced and closes it. */
  close(): Promise<void>;
  /** What the folder gave back at start: documents, transactions replayed, scheduled functions armed again. */
  restored: { documents: number; commits: number; scheduled: number };
}

/**
 * Keeps a convex-test deployment in a data folder: what the folder holds is loaded first (every
 * component's documents with their ids and creation times, so sessions and references stay valid),
 * and from then on every committed transaction is journaled there (src/dev-backend/deployment-journal.ts).
 */
export async function keepDeploymentIn(dir: string, backend: Backend): Promise<DurableDeployment> {
  await mkdir(dir, { recursive: true });
  const internals = await deploymentInternals(backend);
  const { state, commits } = await readDeployment(dir);
  const documents = restore(internals, state);
  const journal = await DeploymentJournal.start(dir, internals);
  const loadFunction = functionLoader();
  const scheduled = await rearmScheduledFunctions(backend, internals, async (componentPath, udfPath) => {
    // Only the app's own functions are looked up; a component's interrupted job is treated as an action.
    if (componentPath !== "") return false;
    return ((await loadFunction(udfPath)) as { isMutation?: unknown } | undefined)?.isMutation === true;
  });
  return {
    durable: () => journal.durable(),
    close: () => journal.close(),
    restored: { documents, commits, scheduled },
  };
}

/** Puts the saved documents back into each component's database, with counters past every saved id. */
function restore(internals: DeploymentInternals, state: Map<string, ComponentState>): number {
  let documents = 0;
  for (const [name, saved] of state) {
    const db = internals.components[name]?.db;
    if (!db) {
      console.warn(`local backend: the data folder holds component "${name}", which is not mounted; it is left out`);
      continue;
    }
    for (const [id, document] of saved.documents) db._documents[id] = document;
    documents += saved.documents.size;
    db._nextDocId = Math.max(db._nextDocId, saved.nextDocId);
    db._lastCreationTime = Math.max(db._lastCreationTime, saved.lastCreationTime);
  }
  return documents;
}

import type { LocalBackend } from "../src/dev-backend/local-backend";

/** One final message as the engine produced it. */
export interface EngineMessage {
  negotiationId: string;
  sequence: number;
  content: string;
}

export interface Integrity {
  /** Engine messages Convex does not hold (or holds still partial, or with other text). */
  lost: number;
  /** Rows Convex holds that the engine never produced, or more than one row for a key. */
  duplicated: number;
  /** Rows whose text is another message's of the same negotiation: written to the wrong place. */
  reordered: number;
  /** Streamed chunks left behind after every message was final. */
  leftoverChunks: number;
}

/** Compares what the engine said with what the local deployment holds, message by message. */
export async function checkTranscripts(backend: LocalBackend, engine: readonly EngineMessage[]): Promise<Integrity> {
  const negotiationIds = new Set(engine.map((m) => m.negotiationId));
  const stored = await backend.backend.run(async (ctx) => {
    // Every row of the deployment (a bench's worth): nothing the engine did not write may hide.
    const all = (await ctx.db.query("messages").collect()) as unknown as Array<{
      negotiationId: string;
      sequence: number;
      content: string;
      isPartial: boolean;
    }>;
    const rows = all
      .filter((m) => negotiationIds.has(m.negotiationId))
      .map((m) => ({
        negotiationId: m.negotiationId,
        sequence: m.sequence,
        content: m.content,
        isPartial: m.isPartial,
      }));
    return { rows, chunks: (await ctx.db.query("messageDeltas").collect()).length };
  });
  const key = (m: { negotiationId: string; sequence: number }) => `${m.negotiationId}#${m.sequence}`;
  const want = new Map(engine.map((m) => [key(m), m.content]));
  const seen = new Map<string, number>();
  let duplicated = 0;
  let reordered = 0;
  for (const row of stored.rows) {
    seen.set(key(row), (seen.get(key(row)) ?? 0) + 1);
    if (!want.has(key(row)) || (seen.get(key(row)) ?? 0) > 1) duplicated++;
    const expected = want.get(key(row));
    if (expected !== undefined && expected !== row.content) {
      const elsewhere = engine.some((m) => m.negotiationId === row.negotiationId && m.content === row.content);
      if (elsewhere) reordered++;
    }
  }
  const lost = engine.filter((m) => {
    const row = stored.rows.find((r) => key(r) === key(m));
    return !row || row.isPartial || row.content !== m.content;
  }).length;
  return { lost, duplicated, reordered, leftoverChunks: stored.chunks };
}

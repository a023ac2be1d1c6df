import type { SeenText } from "../src/__tests__/web/page-recorder";
import { percentile, type ChunkTrip } from "./write-meter";

/** The engine's text of one message reaching a length at a time (epoch ms). */
export interface GeneratedStep {
  at: number;
  length: number;
}

/**
 * Generated → visible, over every state the page showed of every message, start to end: for each
 * state, how long before it the engine had generated that much of the text. Final states count
 * too, so a page that sits still and then jumps to the end shows up as lag.
 */
export function lagOverWholeMessages(
  seen: readonly SeenText[],
  generatedOf: (t: SeenText) => readonly GeneratedStep[],
): { p50: number; p95: number; samples: number } {
  const lags: number[] = [];
  for (const state of seen) {
    if (state.text.length === 0) continue;
    const reached = generatedOf(state).find((s) => s.length >= state.text.length);
    if (reached) lags.push(Math.max(0, state.at - reached.at));
  }
  return { p50: percentile(lags, 50), p95: percentile(lags, 95), samples: lags.length };
}

/**
 * How much a message's visible text grew from one state the page showed to the next. The final
 * replace of a message that was cut off (interrupted) is left out: it is expected to jump.
 */
export function textJumps(
  seen: readonly SeenText[],
  wasInterrupted: (t: SeenText) => boolean,
): { max: number; over60: number; steps: number } {
  const last = new Map<string, number>();
  let max = 0;
  let over60 = 0;
  let steps = 0;
  for (const state of seen) {
    const key = `${state.supplier}#${state.sequence}`;
    const before = last.get(key) ?? 0;
    last.set(key, state.text.length);
    if (!state.partial && wasInterrupted(state)) continue;
    const jump = state.text.length - before;
    if (jump <= 0) continue;
    steps++;
    max = Math.max(max, jump);
    if (jump > 60) over60++;
  }
  return { max, over60, steps };
}

/**
 * Where a chunk's time goes: sent → Convex answered (the write), and answered → the page first
 * showed a character of it (the push to the page and its render).
 */
export function chunkTimes(
  chunks: readonly ChunkTrip[],
  seen: readonly SeenText[],
  supplierOf: (negotiationId: string) => string | undefined,
): { write: { p50: number; p95: number }; toPage: { p50: number; p95: number } } {
  const write: number[] = [];
  const toPage: number[] = [];
  for (const chunk of chunks) {
    write.push(chunk.answeredAt - chunk.sentAt);
    const supplier = supplierOf(chunk.negotiationId);
    const shown = seen.find(
      (t) => t.supplier === supplier && t.sequence === chunk.sequence && t.text.length > chunk.start,
    );
    if (shown) toPage.push(shown.at - chunk.answeredAt);
  }
  return {
    write: { p50: percentile(write, 50), p95: percentile(write, 95) },
    toPage: { p50: percentile(toPage, 50), p95: percentile(toPage, 95) },
  };
}

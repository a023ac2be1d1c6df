import type { HistoryEntry, TurnState } from "../../protocol/turn-state";

/**
 * Time-dependent concession tactics (Faratin et al.): at progress t ∈ [0, 1] a side has conceded
 * t^(1/β) of the way from its opening to its reservation value. β < 1 holds firm until late
 * (Boulware), β > 1 gives ground early.
 */
export function concession(progress: number, style: number): number {
  const t = Math.min(1, Math.max(0, progress));
  return t ** (1 / style);
}

export function progressOf(state: Pick<TurnState, "round" | "maxRounds">): number {
  return state.maxRounds <= 1 ? 1 : (state.round - 1) / (state.maxRounds - 1);
}

export function lastFrom(history: readonly HistoryEntry[], sender: HistoryEntry["sender"]): HistoryEntry | undefined {
  return history.findLast((entry) => entry.sender === sender);
}

export const VALIDITY_DAYS = 14;

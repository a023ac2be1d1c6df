import { useRef } from "react";

/**
 * Which messages arrived while the page was being watched, as opposed to being there when the
 * conversation first loaded: a message that arrives live is typed out even if it arrives complete
 * (a short one can finish streaming before its first chunk is written), while a page opened on a
 * finished conversation shows it at once. `ids` are the messages' ids, undefined while loading.
 */
export function useArrivedLive(ids: readonly string[] | undefined): (id: string) => boolean {
  const initial = useRef<Set<string> | undefined>(undefined);
  if (initial.current === undefined && ids !== undefined) {
    initial.current = new Set(ids);
  }
  return (id) => initial.current !== undefined && !initial.current.has(id);
}

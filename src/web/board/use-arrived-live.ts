import { useRef } from "react";
import type { Doc } from "../../server/_generated/dataModel";

/**
 * Which messages arrived while the buyer was watching, as opposed to being there when the
 * conversation first loaded: a message that arrives live is typed out even if it arrives complete
 * (a short one can finish streaming before its first chunk is written), while a page opened on a
 * finished conversation shows it at once.
 */
export function useArrivedLive(messages: Doc<"messages">[] | undefined): (id: Doc<"messages">["_id"]) => boolean {
  const initial = useRef<Set<string> | undefined>(undefined);
  if (initial.current === undefined && messages !== undefined) {
    initial.current = new Set(messages.map((m) => m._id));
  }
  return (id) => initial.current !== undefined && !initial.current.has(id);
}

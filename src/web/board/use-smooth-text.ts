import { useEffect, useRef, useState } from "react";

/**
 * Under one write interval of the workflow's streaming (≈250 ms, text-streams.ts): each new chunk
 * is typed out before the next one arrives, so text flows instead of jumping. Shorter is closer to
 * the model (measured: 200 ms gave a generated → visible p95 of 415 ms, 150 ms 396 ms), longer is
 * more even; 150 ms keeps a chunk's words a few characters a frame.
 */
const CATCH_UP_MS = 150;
/**
 * Most characters revealed in one frame. A browser busy elsewhere skips frames; the text then
 * catches up a few words a frame instead of landing in one jump.
 */
const MAX_CHARS_PER_FRAME = 24;

/**
 * The part of a message's text to show now. Newly arrived text that extends what is shown is
 * typed out over a short animation, also when it arrives with the final version of a message this
 * view saw streaming (its last words then run on instead of appearing at once) or that arrived
 * while the buyer was watching (`arrivedLive`). A message that was already there, final, when the
 * page opened, and text that was replaced rather than extended (a rewrite), show as they are.
 */
export function useSmoothText(text: string, streaming: boolean, arrivedLive = false, id?: string): string {
  const remembered = id === undefined ? undefined : shownBefore.get(id);
  const typed = streaming || arrivedLive || remembered !== undefined;
  const [shown, setShown] = useState(remembered ?? (typed ? 0 : text.length));
  // A text that started over shorter (a model call retried mid-stream) types on from its new end.
  // Set during render, so that a longer text landing before the effect runs cannot show at once.
  if (shown > text.length) setShown(text.length);
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const shownText = useRef(text.slice(0, shown));
  const sawStreaming = useRef(typed);
  if (streaming) sawStreaming.current = true;

  useEffect(() => {
    const from = Math.min(shownRef.current, text.length);
    const extends_ = text.startsWith(shownText.current.slice(0, from));
    if (!sawStreaming.current || !extends_ || text.length <= from) {
      setShown(text.length);
      return;
    }
    const to = text.length;
    const start = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      const at = typedThisFrame(from, to, now - start, shownRef.current);
      setShown(at);
      if (at < to) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [text, streaming]);

  const visible = text.slice(0, Math.min(shown, text.length));
  shownText.current = visible;
  if (id !== undefined && sawStreaming.current) shownBefore.set(id, visible.length);
  return visible;
}

/**
 * How far each message this page typed out had got. A view mounted again (its list reloaded
 * after a reconnect) goes on from there instead of showing the rest of the text at once.
 */
const shownBefore = new Map<string, number>();

/**
 * How much of the text to show in a frame `elapsedMs` into typing from `from` to `to`, when the
 * page last rendered `rendered` characters. From what was rendered, not what was last asked for:
 * when rendering falls behind the frames (a busy browser), the text still grows a few words a
 * render, never in one jump. And never back: a frame's time is when the frame began, which can be
 * before the typing started (a busy page runs effects late in a frame).
 */
export function typedThisFrame(from: number, to: number, elapsedMs: number, rendered: number): number {
  const progress = Math.max(0, Math.min(1, elapsedMs / CATCH_UP_MS));
  const due = Math.round(from + (to - from) * progress);
  return Math.max(from, Math.min(due, rendered + MAX_CHARS_PER_FRAME));
}

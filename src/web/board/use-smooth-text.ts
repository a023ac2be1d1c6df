import { useEffect, useRef, useState } from "react";

/** About one write interval of the workflow's streaming (≈250 ms): each new chunk is typed out
 *  over roughly the time until the next one arrives, so text flows instead of jumping. */
const CATCH_UP_MS = 240;

/**
 * The part of a streaming message to show now. While `streaming`, newly arrived text is revealed
 * over a short animation; once the message is final, the whole text shows at once. Text that was
 * replaced rather than extended (a rewrite) is shown as it is.
 */
export function useSmoothText(text: string, streaming: boolean): string {
  const [shown, setShown] = useState(streaming ? 0 : text.length);
  const shownRef = useRef(shown);
  shownRef.current = shown;

  useEffect(() => {
    if (!streaming) {
      setShown(text.length);
      return;
    }
    const from = Math.min(shownRef.current, text.length);
    const to = text.length;
    if (to <= from) {
      setShown(to);
      return;
    }
    const start = performance.now();
    let frame = requestAnimationFrame(function step(now) {
      const progress = Math.min(1, (now - start) / CATCH_UP_MS);
      setShown(Math.round(from + (to - from) * progress));
      if (progress < 1) frame = requestAnimationFrame(step);
    });
    return () => cancelAnimationFrame(frame);
  }, [text, streaming]);

  return text.slice(0, Math.min(shown, text.length));
}

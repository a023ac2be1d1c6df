import { useEffect, useRef } from "react";

/** How close to the end counts as "reading the latest": the view then follows new text. */
const NEAR_BOTTOM_PX = 80;

/**
 * Keeps a scrolling conversation pinned to its newest message while it grows, unless the buyer
 * has scrolled up to read something older.
 */
export function useStickToBottom<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let pinned = true;
    const onScroll = () => {
      pinned = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    };
    const observer = new MutationObserver(() => {
      if (pinned) element.scrollTop = element.scrollHeight;
    });
    element.addEventListener("scroll", onScroll);
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    return () => {
      element.removeEventListener("scroll", onScroll);
      observer.disconnect();
    };
  }, []);
  return ref;
}

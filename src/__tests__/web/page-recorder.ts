import type { Page } from "playwright-core";

/** One state of one message as the page showed it. `at` is epoch ms (the page's clock = ours). */
export interface SeenText {
  supplier: string;
  sequence: number;
  partial: boolean;
  text: string;
  at: number;
  /** The message said it was cut off. */
  interrupted?: boolean;
}

export interface SeenStatus {
  supplier: string;
  status: string;
  at: number;
}

export interface PageRecord {
  texts: SeenText[];
  statuses: SeenStatus[];
  banner: { shown: boolean; at: number }[];
}

/**
 * Installed before any page script runs: a MutationObserver that writes down every distinct text
 * each message showed, every status each column showed, and the connection banner coming and
 * going — what a buyer watching the page would have seen, with the time they saw it.
 */
export async function recordPage(page: Page): Promise<void> {
  await page.addInitScript(RECORDER_SCRIPT);
}

/**
 * Plain JavaScript on purpose: a function handed to `addInitScript` is sent as its source text, and
 * tsx (the bench) rewrites named functions to call a helper that does not exist in the page.
 */
const RECORDER_SCRIPT = `(() => {
  const record = { texts: [], statuses: [], banner: [] };
  const lastText = new Map();
  const lastStatus = new Map();
  let bannerShown = false;
  window.__record = record;
  const now = () => performance.timeOrigin + performance.now();
  const scan = () => {
    const at = now();
    for (const column of document.querySelectorAll("[data-testid=negotiation]")) {
      const supplier = column.dataset.supplier || "";
      const badge = column.querySelector("[data-testid=status]");
      const status = (badge && badge.dataset.status) || "";
      if (lastStatus.get(supplier) !== status) {
        lastStatus.set(supplier, status);
        record.statuses.push({ supplier, status, at });
      }
      for (const message of column.querySelectorAll("[data-testid=message]")) {
        const sequence = Number(message.dataset.sequence);
        const partial = message.dataset.partial === "true";
        const textNode = message.querySelector("[data-testid=message-text]");
        const text = (textNode && textNode.textContent) || "";
        const interrupted = message.querySelector("[data-testid=interrupted]") !== null;
        const key = supplier + "#" + sequence;
        const state = partial + "|" + interrupted + "|" + text;
        if (lastText.get(key) === state) continue;
        lastText.set(key, state);
        record.texts.push({ supplier, sequence, partial, text, at, interrupted });
      }
    }
    const banner = document.querySelector("[data-testid=connection-banner]") !== null;
    if (banner !== bannerShown) {
      bannerShown = banner;
      record.banner.push({ shown: banner, at });
    }
  };
  new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;

export async function readRecord(page: Page): Promise<PageRecord> {
  return await page.evaluate(() => (window as unknown as { __record: PageRecord }).__record);
}

/** The transcript on the page now: per supplier, [sequence, text, partial] in page order. */
export async function pageTranscript(page: Page): Promise<Record<string, [number, string, boolean][]>> {
  return await page.evaluate(() => {
    const out: Record<string, [number, string, boolean][]> = {};
    for (const column of document.querySelectorAll<HTMLElement>("[data-testid=negotiation]")) {
      out[column.dataset.supplier ?? ""] = [...column.querySelectorAll<HTMLElement>("[data-testid=message]")].map(
        (m) => [
          Number(m.dataset.sequence),
          m.querySelector("[data-testid=message-text]")?.textContent ?? "",
          m.dataset.partial === "true",
        ],
      );
    }
    return out;
  });
}

/** The session token Convex Auth keeps in the page's localStorage, to read Convex as this buyer. */
export async function sessionToken(page: Page): Promise<string> {
  const token = await page.evaluate(
    () => Object.entries(localStorage).find(([key]) => key.startsWith("__convexAuthJWT"))?.[1],
  );
  if (!token) throw new Error("the page holds no Convex Auth session token");
  return token;
}

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** An axe-core finding, short enough to read in a failed assertion. */
export interface Finding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The page's serious and critical accessibility problems by axe-core (WCAG 2.1 A/AA and best practice). */
export async function seriousAxeFindings(page: Page): Promise<Finding[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return await page.evaluate(async () => {
    interface AxeResult {
      violations: { id: string; impact?: string; help: string; nodes: { target: string[] }[] }[];
      passes: unknown[];
    }
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResult> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    // A run that checked nothing would pass anything.
    if (result.passes.length === 0) throw new Error("axe-core checked no rule on this page");
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        rule: v.id,
        impact: v.impact ?? "",
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
  });
}

/** How far the page itself scrolls sideways (0 when it fits); a row that scrolls inside itself does not count. */
export async function pageOverflowPx(page: Page): Promise<number> {
  return await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * Words of the implementation that have no place in front of the person asking for a quote:
 * the backend's name, the roles as the code names them, and field names in camelCase.
 */
const INTERNAL_WORDS = [/\bConvex\b/i, /\bbrand\b/i, /\bbuyers?\b/i, /\b[a-z]+[A-Z][A-Za-z]*\b/];

/**
 * Internal words in the page's rendered text. The conversation itself is left out: it is what the
 * agents said to each other, quoted, not the interface speaking.
 */
export async function internalWordsShown(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("[data-testid=message-text], script, style")) continue;
      if (!parent.checkVisibility() && !parent.closest(".sr-only")) continue;
      parts.push(node.textContent ?? "");
    }
    for (const labelled of document.querySelectorAll("[aria-label]"))
      parts.push(labelled.getAttribute("aria-label") ?? "");
    return parts.join(" ");
  });
  return INTERNAL_WORDS.flatMap((pattern) => {
    const found = text.match(new RegExp(pattern.source, `${pattern.flags}g`)) ?? [];
    return found.map((word) => {
      const at = text.indexOf(word);
      return `"${word}" in "…${text.slice(Math.max(0, at - 40), at + 40).replace(/\s+/g, " ")}…"`;
    });
  });
}

/** The three checks every page must pass, as one object to compare with the clean result. */
export async function checkPage(page: Page) {
  return {
    axe: await seriousAxeFindings(page),
    overflowPx: Math.max(0, await pageOverflowPx(page)),
    internalWords: await internalWordsShown(page),
  };
}

export const CLEAN = { axe: [], overflowPx: 0, internalWords: [] };

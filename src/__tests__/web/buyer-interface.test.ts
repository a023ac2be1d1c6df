import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startLocalStack } from "../../stack/start-stack";
import { DESKTOP, PHONE, cancelQuote, signInPage, signUp, submitSampleQuote } from "./buyer-session";
import { browserAndStack } from "./browser-and-stack";
import { CLEAN, checkPage } from "./page-checks";

/**
 * Every page as a person meets it, on a desktop and on a phone (390×844), against the whole local
 * stack: axe-core finds no serious or critical problem, the page never scrolls sideways (the row
 * of conversations may, inside itself), and no internal word (Convex, brand, buyer, a camelCase
 * field name) shows. Then the states: a quote no supplier can meet reads "No deal" and says why,
 * and cancelling asks first.
 */

let people = 0;

const shared = browserAndStack(() =>
  startLocalStack({
    quiet: true,
    env: { ...process.env, LOCAL_MODEL_LATENCY_MS: "40", LOCAL_MODEL_TOKEN_DELAY_MS: "14", LOG_LEVEL: "silent" },
  }),
);
const skip = shared.skip;

async function waitForOutcome(page: Page, outcomes: string[], timeout = 120_000) {
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector<HTMLElement>("[data-testid=board]")?.dataset.outcome ?? ""),
    outcomes,
    { timeout, polling: 200 },
  );
}

/** Presses Tab until `count` elements matching `selector` had the focus; names each with its outline style. */
async function tabStops(page: Page, selector: string, count: number): Promise<string[]> {
  await page.locator("body").focus();
  const reached: string[] = [];
  for (let presses = 0; presses < 200 && reached.length < count; presses++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate((wanted) => {
      const active = document.activeElement;
      if (!(active instanceof HTMLElement) || !active.matches(wanted)) return null;
      return `${active.getAttribute("aria-label")}: outline ${getComputedStyle(active).outlineStyle}`;
    }, selector);
    if (stop) reached.push(stop);
  }
  return reached;
}

/** Each page's checks, keyed by page name, so a failure names the page. */
async function checkEach(page: Page, name: string, results: Record<string, unknown>) {
  results[name] = await checkPage(page);
}

describe.skipIf(skip !== undefined)(skip ?? "every page, on a desktop and a phone", () => {
  for (const [device, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`${device}: sign-in, My quotes, the form, the live board, the result — accessible, fitting, in plain words`, async () => {
      const results: Record<string, unknown> = {};
      const page = await signInPage(shared.browser, shared.stack.webUrl, viewport);
      await checkEach(page, "sign-in", results);
      await signUp(page, `person${++people}@example.com`);
      await checkEach(page, "my quotes (empty)", results);
      await submitSampleQuote(page, async (form) => {
        await checkEach(form, "form", results);
      });
      // Live: a message is being written while the checks run.
      await page.locator("[data-partial=true]").first().waitFor({ timeout: 60_000 });
      await checkEach(page, "live board", results);
      await waitForOutcome(page, ["recommended", "no-deal"]);
      await page.waitForFunction(() => document.querySelectorAll("[data-partial=true]").length === 0, null, {
        timeout: 10_000,
      });
      await checkEach(page, "result", results);
      await page.getByRole("link", { name: "My quotes" }).first().click();
      await page.locator("[data-testid=quote-list]").waitFor({ timeout: 30_000 });
      await checkEach(page, "my quotes", results);

      expect(results).toEqual(Object.fromEntries(Object.keys(results).map((name) => [name, CLEAN])));
    }, 300_000);
  }

  it("the result reads as facts and pictures; My quotes shows the supplier, total, saving and when", async () => {
    const page = await signInPage(shared.browser, shared.stack.webUrl);
    await signUp(page, `person${++people}@example.com`);
    await submitSampleQuote(page);
    await waitForOutcome(page, ["recommended"]);
    const result = page.locator("[data-testid=recommendation]");
    await expect(result.getByRole("heading", { level: 2 }).textContent()).resolves.toMatch(/^We recommend \S/);
    const total = (await result.locator("[data-testid=fact-total]").textContent()) ?? "";
    expect(total).toMatch(/^\$[\d,]+\.\d\d$/);
    await expect(result.locator("[data-testid=fact-saving-first]").textContent()).resolves.toMatch(
      /^\$[\d,]+\.\d\d \(\d+%\) less than \$[\d,]+\.\d\d$|^no saving/,
    );
    expect(await result.locator("[data-testid=reasons] li").count()).toBeGreaterThanOrEqual(1);
    await expect(result.locator("[data-testid=score-meaning]").textContent()).resolves.toMatch(
      /^A score out of 100 says how well a deal matches your priorities \(price 40%, quality 30%, speed 20%, reliability 10%\)/,
    );
    // Pictures: the deals side by side, and each negotiation's offers round by round with the limit.
    await expect(result.locator("[data-testid=deals-chart] .recharts-bar-rectangle").count()).resolves.toBe(
      await result.locator("[data-testid=ranking] tbody tr").count(),
    );
    expect(await page.locator("[data-testid=negotiation] [data-testid=offer-chart] svg").count()).toBe(3);
    await expect(page.locator("[data-testid=offer-chart] figcaption").first().textContent()).resolves.toContain(
      "Your limit $14,640.00",
    );

    // By keyboard alone, Tab reaches every conversation (they scroll), each with a visible focus ring.
    expect(await tabStops(page, "[data-testid=conversation]", 3)).toEqual([
      "Conversation with Apex Textiles: outline solid",
      "Conversation with Porto Knitworks: outline solid",
      "Conversation with Anatolia Apparel: outline solid",
    ]);

    await page.getByRole("link", { name: "My quotes" }).first().click();
    const row = page.locator("[data-testid=quote-row]");
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator("[data-testid=status]").textContent()).resolves.toBe("Waiting for your decision");
    await expect(row.locator("[data-testid=quote-winner]").textContent()).resolves.toMatch(
      new RegExp(`^Recommended: .+, ${total.replace(/[$.]/g, "\\$&")}$`),
    );
    await expect(row.locator("time").textContent()).resolves.toMatch(/^(just now|\d+ seconds? ago|\d+ minutes? ago)$/);
  }, 240_000);

  it("a quote no supplier can meet reads 'No deal', and each column says why it ended before a word", async () => {
    const page = await signInPage(shared.browser, shared.stack.webUrl, PHONE);
    await signUp(page, `person${++people}@example.com`);
    // Delivery in 1 day: no supplier's fastest delivery is that fast.
    await submitSampleQuote(page, (form) => form.fill("input[name=maxLeadTimeDays]", "1"));
    await waitForOutcome(page, ["no-deal"]);
    await expect(page.locator(".head-actions [data-testid=status]").textContent()).resolves.toBe("No deal");
    await expect(page.locator("[data-testid=no-deal] h2").textContent()).resolves.toBe(
      "No deal: no supplier agreed within your limits",
    );
    await expect(page.locator("[data-testid=recommendation]").count()).resolves.toBe(0);
    const columns = page.locator("[data-testid=negotiation]");
    await expect(columns.count()).resolves.toBe(3);
    for (const column of await columns.all()) {
      await expect(column.locator("[data-testid=status]").textContent()).resolves.toBe("No deal");
      await expect(column.locator("[data-testid=ended-early]").textContent()).resolves.toMatch(
        /^Ended before the first message\. The supplier's fastest delivery \(\d+ days\) is slower than your lead-time limit \(1 day\)\.$/,
      );
      await expect(column.locator("[data-testid=round]").textContent()).resolves.toBe(
        "Ended before the first round (up to 4)",
      );
    }
    await expect(page.getByText("Waiting for the first message").count()).resolves.toBe(0);
    expect(await checkPage(page)).toEqual(CLEAN);

    await page.getByRole("link", { name: "My quotes" }).first().click();
    const row = page.locator("[data-testid=quote-row]");
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator("[data-testid=status]").textContent()).resolves.toBe("No deal");
    await expect(row.textContent()).resolves.toContain("No supplier agreed within your limits");
  }, 240_000);

  it("cancelling asks first: 'Keep negotiating' changes nothing, confirming cancels every negotiation", async () => {
    const page = await signInPage(shared.browser, shared.stack.webUrl);
    await signUp(page, `person${++people}@example.com`);
    await submitSampleQuote(page);
    await page.locator("[data-testid=message]").first().waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Cancel quote" }).click();
    const dialog = page.locator("[data-testid=cancel-dialog]");
    await expect(dialog.getByRole("heading").textContent()).resolves.toBe("Cancel this quote?");
    expect(await checkPage(page)).toEqual(CLEAN);
    await dialog.getByRole("button", { name: "Keep negotiating" }).click();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(page.locator("[data-testid=board]").getAttribute("data-quote-status")).resolves.not.toBe("cancelled");
    await cancelQuote(page);
    await waitForOutcome(page, ["cancelled"], 10_000);
    await expect(page.locator(".head-actions [data-testid=status]").textContent()).resolves.toBe("Cancelled");
  }, 240_000);
});

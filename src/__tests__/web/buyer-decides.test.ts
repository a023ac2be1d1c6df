import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { extractText } from "unpdf";
import { describe, expect, it } from "vitest";
import { startLocalStack } from "../../stack/start-stack";
import { TEST_PASSWORD } from "../helpers/sign-up";
import { PHONE, signInPage, signUp, submitSampleQuote } from "./buyer-session";
import { browserAndStack } from "./browser-and-stack";
import { CLEAN, checkPage } from "./page-checks";

/**
 * The buyer decides, in the browser against the whole local stack: the recommended deal is awarded
 * from two tabs at once and counts once; your negotiator's confirmation and declines stream into
 * the columns; the purchase order shows the award's figures and downloads as a PDF and a CSV that
 * say the same; My quotes shows the award and its saving.
 */

const shared = browserAndStack(() =>
  startLocalStack({
    quiet: true,
    env: { ...process.env, LOCAL_MODEL_LATENCY_MS: "30", LOCAL_MODEL_TOKEN_DELAY_MS: "10", LOG_LEVEL: "silent" },
  }),
);
const skip = shared.skip;

async function signIn(page: Page, email: string): Promise<void> {
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "My quotes" }).waitFor({ timeout: 30_000 });
}

const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? "").trim();

describe.skipIf(skip !== undefined)(skip ?? "the buyer decides", () => {
  it("awards the recommended deal once from two tabs, closes every negotiation, and issues the order as PDF and CSV", async () => {
    const email = "decider@example.com";
    const page = await signInPage(shared.browser, shared.stack.webUrl);
    await signUp(page, email);
    await submitSampleQuote(page);
    const board = page.url();
    const decision = page.locator("[data-testid=decision]");
    await decision.waitFor({ timeout: 120_000 });
    expect(await checkPage(page)).toEqual(CLEAN);
    const recommended = (await text(page, "[data-testid=recommendation] h2")).replace(/^We recommend /, "");
    const total = await text(page, "[data-testid=fact-total]");

    // The same buyer in a second tab, clicking at the same moment.
    const other = await signInPage(shared.browser, shared.stack.webUrl);
    await signIn(other, email);
    await other.goto(board);
    await other.locator("[data-testid=award]").waitFor({ timeout: 30_000 });
    // Both buttons are taken first and clicked in the same turn: whichever award lands second is
    // refused by the server (or its button is gone already), never a second award.
    const buttons = await Promise.all([page, other].map((tab) => tab.locator("[data-testid=award]").elementHandle()));
    await Promise.all(buttons.map((button) => button?.evaluate((element) => (element as HTMLButtonElement).click())));

    for (const tab of [page, other]) await tab.locator("[data-testid=decided]").waitFor({ timeout: 30_000 });
    await expect(text(page, "[data-testid=decided] h2")).resolves.toBe(`You awarded the order to ${recommended}`);
    await expect(text(page, "[data-testid=award-total]")).resolves.toBe(total);

    // Your negotiator confirms with the winner and declines every other deal, each streamed into its column.
    const winner = page.locator(`[data-testid=negotiation]:has(h2:text-is("${recommended}"))`);
    await winner.locator("[data-testid=message]", { hasText: "approved your offer" }).waitFor({ timeout: 60_000 });
    await expect(winner.locator("[data-testid=status]").textContent()).resolves.toBe("Awarded");
    const declined = page.locator("[data-testid=negotiation]", {
      has: page.locator("[data-testid=status]:text-is('Declined')"),
    });
    expect(await declined.count()).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < (await declined.count()); i++) {
      const closing = declined.nth(i).locator("[data-testid=message]").last();
      await closing.filter({ hasText: /not to go ahead|elsewhere this time/ }).waitFor({ timeout: 60_000 });
      expect(await closing.textContent()).not.toMatch(/\$\d/);
    }
    await expect(page.locator("[data-testid=history] li").allTextContents()).resolves.toEqual([
      expect.stringMatching(/You: Asked 3 suppliers for a quote\.$/),
      expect.stringMatching(
        new RegExp(`You: Awarded to ${recommended} \\(PO-\\d{4}-\\d{5}, ${total.replace(/[$.]/g, "\\$&")}\\)\\.$`),
      ),
    ]);

    // The purchase order: on the page, as a PDF, as a CSV.
    await page.locator("[data-testid=view-order]").click();
    await page.locator("[data-testid=purchase-order]").waitFor({ timeout: 30_000 });
    await expect(text(page, "[data-testid=order-total]")).resolves.toBe(total);
    const number = (await text(page, "#order-title")).replace("Purchase order ", "");
    expect(number).toMatch(/^PO-\d{4}-\d{5}$/);
    expect(await checkPage(page)).toEqual(CLEAN);
    const [pdfDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("[data-testid=download-pdf]").click(),
    ]);
    expect(pdfDownload.suggestedFilename()).toBe(`${number}.pdf`);
    const pdf = await extractText(new Uint8Array(readFileSync(await pdfDownload.path())), { mergePages: true });
    for (const expected of [number, recommended, total, "Organic cotton T-shirt", "Total"])
      expect(pdf.text).toContain(expected);
    const [csvDownload] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("[data-testid=download-csv]").click(),
    ]);
    const rows = parse(readFileSync(await csvDownload.path(), "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((row) => row["Order number"] === number && row.Supplier === recommended)).toBe(true);
    const csvTotal = rows.reduce((sum, row) => sum + Number(row["Line total"]), 0);
    expect(`$${csvTotal.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`).toBe(total);

    // My quotes: the award, its saving, and the spend across quotes.
    await page.getByRole("link", { name: "My quotes" }).first().click();
    const row = page.locator("[data-testid=quote-row]");
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator("[data-testid=status]").textContent()).resolves.toBe("Awarded");
    await expect(row.locator("[data-testid=quote-awarded]").textContent()).resolves.toBe(
      `Awarded: ${recommended}, ${total}`,
    );
    await expect(text(page, "[data-testid=spend-summary]")).resolves.toMatch(
      new RegExp(`^You awarded 1 order worth ${total.replace(/[$.]/g, "\\$&")}`),
    );
    expect(await checkPage(page)).toEqual(CLEAN);
  }, 300_000);

  it("on a phone, the decision and the order read and fit", async () => {
    const page = await signInPage(shared.browser, shared.stack.webUrl, PHONE);
    await signUp(page, "phone-decider@example.com");
    await submitSampleQuote(page);
    await page.locator("[data-testid=decision]").waitFor({ timeout: 120_000 });
    expect(await checkPage(page)).toEqual(CLEAN);
    await page.locator("[data-testid=award]").click();
    await page.locator("[data-testid=view-order]").click();
    await page.locator("[data-testid=purchase-order]").waitFor({ timeout: 30_000 });
    expect(await checkPage(page)).toEqual(CLEAN);
  }, 300_000);
});

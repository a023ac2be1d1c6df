import type { BrowserContext, Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { startLocalStack } from "../../stack/start-stack";
import { DESKTOP, PHONE, signedUpBuyer, submitSampleQuote } from "./buyer-session";
import { browserAndStack } from "./browser-and-stack";
import { CLEAN, checkPage } from "./page-checks";
import { readRecord } from "./page-recorder";

/*
 * A supplier who answers in person, in two browsers against the whole local stack: the buyer asks
 * for a quote with Porto Knitworks answering in person (the other two by their agents) and copies
 * its private link from the board; the supplier, with no account, opens it in a browser of their
 * own, counters twice through the page's form and then accepts. The buyer watches each reply land
 * on the board, the quote ends with a recommendation, and the in-person deal can be awarded.
 * Waits are generous: the machine is a loaded 2-core one, and the person's turns wait on the model.
 */

const IN_PERSON = "porto-knitworks";
/** The supplier's answer to each message of your negotiator takes the model a few seconds to draw. */
const TURN_TIMEOUT = 120_000;

let buyers = 0;

const shared = browserAndStack(() =>
  startLocalStack({
    quiet: true,
    // Slow enough that your negotiator's messages stream in visibly, fast enough for three rounds.
    env: { ...process.env, LOCAL_MODEL_LATENCY_MS: "30", LOCAL_MODEL_TOKEN_DELAY_MS: "10", LOG_LEVEL: "silent" },
  }),
);
const skip = shared.skip;

/** A buyer who may use the clipboard, as a person pressing "Copy link" may. */
async function newBuyer(): Promise<Page> {
  const page = await signedUpBuyer(shared.browser, shared.stack.webUrl, `in-person-${++buyers}@example.com`);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  return page;
}

/** Requests the sample quote with Porto Knitworks answering in person, `hours` to reply to each message. */
async function requestWithPortoInPerson(page: Page, hours: string): Promise<void> {
  await submitSampleQuote(page, async (form) => {
    const answers = form.getByRole("radiogroup", { name: "Who answers for Porto Knitworks" });
    await expect(answers.getByLabel("Their AI agent").isChecked()).resolves.toBe(true);
    await answers.getByLabel("In person (you send them a private link)").check();
    const replyTime = form.getByLabel("Time to reply to each message (hours)");
    await expect(replyTime.inputValue()).resolves.toBe("48");
    // No time at all is refused next to the field, in hours, and nothing is sent.
    await replyTime.fill("0");
    await form.getByRole("button", { name: "Start negotiating" }).click();
    await expect(form.locator("[data-field=replyWithinSeconds]").textContent()).resolves.toBe(
      "time to reply must be more than 0 hours",
    );
    await replyTime.fill(hours);
  });
}

/** A supplier with no account in a browser of their own (a phone when `viewport` says so). */
async function supplierBrowser(viewport = DESKTOP): Promise<BrowserContext> {
  return await shared.browser.newContext({
    viewport,
    ...(viewport.width < 600 ? { isMobile: true, hasTouch: true } : {}),
  });
}

const column = (page: Page, supplierId: string) =>
  page.locator(`[data-testid=negotiation][data-supplier=${supplierId}]`);

/** The link in the board's panel, copied with "Copy link"; the field beside the button holds the same. */
async function copyLink(board: Locator, page: Page): Promise<string> {
  await board.getByRole("button", { name: "Copy link" }).click();
  await board.locator("[data-testid=link-note]", { hasText: "Link copied" }).waitFor({ timeout: 10_000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await board.locator("[data-testid=link-url]").inputValue());
  expect(copied).toMatch(new RegExp(`^${shared.stack.webUrl.replace(/[.]/g, "\\.")}#/supplier/[\\w.-]+$`));
  return copied;
}

/** The supplier's page once it is their turn again, after `messages` messages, the last one finished. */
async function yourTurn(page: Page, messages: number): Promise<void> {
  await page.waitForFunction(
    (count) =>
      document.querySelector<HTMLElement>("[data-testid=stage]")?.dataset.stage === "your-turn" &&
      document.querySelectorAll("[data-testid=message][data-partial=false]").length === count &&
      document.querySelector("[data-testid=reply]") !== null,
    messages,
    { timeout: TURN_TIMEOUT, polling: 200 },
  );
}

/** The form starts from your negotiator's latest terms: every unit price raised by `factor`. */
async function counterOffer(page: Page, factor: number, message: string): Promise<number[]> {
  const prices = page.locator("[data-testid=reply] input[name$='.unitPrice']");
  const raised: number[] = [];
  for (const input of await prices.all()) {
    const price = Math.round(Number(await input.inputValue()) * factor * 100) / 100;
    await input.fill(price.toFixed(2));
    raised.push(price);
  }
  await page.fill("[data-testid=reply] textarea[name=message]", message);
  await page.getByRole("button", { name: "Send offer" }).click();
  return raised;
}

/** The unit prices the page shows for the other side's latest terms, e.g. ["$4.95", "$2.72"]. */
async function theirUnitPrices(page: Page): Promise<string[]> {
  const lines = await page.locator("#their-terms [data-testid=terms-line]").allTextContents();
  return lines.map((line) => line.replace(/^.*× /, ""));
}

describe.skipIf(skip !== undefined)(skip ?? "a supplier answering in person, in the browser", () => {
  it("the buyer sends the link; the supplier counters twice and accepts on their page; the deal can be awarded", async () => {
    const buyer = await newBuyer();
    await requestWithPortoInPerson(buyer, "48");
    const porto = column(buyer, IN_PERSON);
    // The agents' columns have no link; Porto's waits for the person once your negotiator has written.
    await porto.locator("[data-testid=waiting]").waitFor({ timeout: TURN_TIMEOUT });
    await expect(porto.locator("[data-testid=waiting]").textContent()).resolves.toMatch(
      /^Waiting for Porto Knitworks \(replies by \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M\)$/,
    );
    await expect(porto.locator("header [data-testid=status]").textContent()).resolves.toBe("Waiting for reply");
    await expect(buyer.locator("[data-testid=supplier-link]").count()).resolves.toBe(1);
    expect(await checkPage(buyer)).toEqual(CLEAN);

    // The first link is revoked while the supplier has it open: their page closes at once. A new one opens.
    const firstLink = await copyLink(porto, buyer);
    const supplier = await (await supplierBrowser()).newPage();
    await supplier.goto(firstLink);
    await supplier.locator("[data-testid=reply]").waitFor({ timeout: 30_000 });
    await porto.getByRole("button", { name: "Revoke" }).click();
    await porto.locator("[data-testid=link-revoked]").waitFor({ timeout: 10_000 });
    await supplier.locator("[data-testid=link-closed]").waitFor({ timeout: 10_000 });
    await expect(supplier.locator("[data-testid=supplier-page]").textContent()).resolves.toBe(
      "This link does not openIt may have expired, or it was replaced by a newer link. Ask the person who sent it to you for a new one.",
    );
    await porto.getByRole("button", { name: "New link" }).click();
    await porto.locator("[data-testid=link-url]").waitFor({ timeout: 10_000 });
    const link = await copyLink(porto, buyer);
    expect(link).not.toBe(firstLink);
    await supplier.goto(link);

    // The supplier's page: who asks, for what, the conversation, and their turn with the form.
    await yourTurn(supplier, 1);
    await expect(supplier.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Quote request from in-person-1@example.com",
    );
    await expect(supplier.locator("[data-testid=requested] tbody tr").allTextContents()).resolves.toEqual([
      "Organic cotton T-shirt2,000piece",
      "Canvas tote bag800piece",
    ]);
    await expect(supplier.locator("[data-testid=stage]").textContent()).resolves.toMatch(/^Your turn: reply by /);
    expect(await checkPage(supplier)).toEqual(CLEAN);
    // The form starts from your negotiator's terms.
    const asked = await theirUnitPrices(supplier);
    const prefilled = await supplier
      .locator("[data-testid=reply] input[name$='.unitPrice']")
      .evaluateAll((inputs) => inputs.map((input) => `$${(input as HTMLInputElement).value}`));
    expect(prefilled).toEqual(asked);
    // The same page on a phone reads and fits.
    const phone = await (await supplierBrowser(PHONE)).newPage();
    await phone.goto(link);
    await yourTurn(phone, 1);
    expect(await checkPage(phone)).toEqual(CLEAN);
    await phone.context().close();

    // A price that is no number is named next to its field, and nothing is sent.
    await supplier.fill("[data-testid=reply] input[name='terms.lines[0].unitPrice']", "a lot");
    await supplier.getByRole("button", { name: "Send offer" }).click();
    await expect(
      supplier.locator("[data-testid=reply] [data-field='terms.lines[0].unitPrice']").textContent(),
    ).resolves.toBe("enter the price in dollars, e.g. 4.25");
    await supplier.fill("[data-testid=reply] input[name='terms.lines[0].unitPrice']", asked[0]!.slice(1));

    // Two counter-offers above your negotiator's terms, each seen on the board as it lands.
    await counterOffer(supplier, 1.4, "Our cotton costs went up this season.");
    await supplier
      .locator("[data-stage=their-turn]", { hasText: /^in-person-1@example\.com is replying…$/ })
      .waitFor({ timeout: 30_000 });
    await porto
      .locator("[data-testid=message]", { hasText: "Our cotton costs went up this season." })
      .waitFor({ timeout: 30_000 });
    await yourTurn(supplier, 3);
    await counterOffer(supplier, 1.1, "We can move a little.");
    await porto.locator("[data-testid=message]", { hasText: "We can move a little." }).waitFor({ timeout: 30_000 });
    await yourTurn(supplier, 5);

    // Then the supplier accepts your negotiator's latest terms.
    const agreedTotal = await supplier.locator("#their-terms [data-testid=terms-total]").textContent();
    await supplier.getByRole("button", { name: "Accept your terms" }).click();
    await supplier.locator("[data-stage=agreed]").waitFor({ timeout: 30_000 });
    await expect(supplier.locator("[data-testid=agreed] [data-testid=terms-total]").textContent()).resolves.toBe(
      agreedTotal,
    );
    await expect(supplier.locator("[data-testid=reply]").count()).resolves.toBe(0);
    expect(await checkPage(supplier)).toEqual(CLEAN);

    // The board: the deal, and every reply of the supplier seen live, in order, before your negotiator answered it.
    await porto.locator("[data-testid=message]", { hasText: "We accept your terms." }).waitFor({ timeout: 30_000 });
    await buyer.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-testid=board]")?.dataset.quoteStatus === "completed",
      null,
      { timeout: TURN_TIMEOUT, polling: 200 },
    );
    await expect(porto.locator("header [data-testid=status]").textContent()).resolves.toBe("Deal agreed");
    await expect(porto.locator("[data-testid=offer-total]").textContent()).resolves.toBe(agreedTotal);
    const seen = (await readRecord(buyer)).texts.filter((t) => t.supplier === IN_PERSON && t.text.length > 0);
    const firstSeen = (sequence: number) => seen.find((t) => t.sequence === sequence)?.at ?? Infinity;
    for (const reply of [1, 3]) expect(firstSeen(reply)).toBeLessThan(firstSeen(reply + 1));
    expect(firstSeen(5)).toBeLessThan(Infinity);

    // The recommendation ranks the in-person deal, and it can be awarded like any other.
    await buyer.locator("[data-testid=recommendation]").waitFor({ timeout: 30_000 });
    await expect(buyer.locator("[data-testid=ranking] tbody").textContent()).resolves.toContain("Porto Knitworks");
    const choice = buyer.locator(`[data-testid=deal-choice][data-supplier=${IN_PERSON}]`);
    await choice.locator("input").check();
    // Another deal than the recommended one needs a word on why.
    if (!(await choice.textContent())?.includes("(recommended)")) {
      await buyer.locator("[data-testid=award-reason]").fill("We have worked with Porto Knitworks before.");
    }
    await buyer.locator("[data-testid=award]").click();
    await buyer.locator("[data-testid=decided]").waitFor({ timeout: 30_000 });
    await expect(buyer.locator("[data-testid=decided] h2").textContent()).resolves.toBe(
      "You awarded the order to Porto Knitworks",
    );
    // Your negotiator confirms the order on the supplier's page too.
    await supplier
      .locator("[data-testid=message]", { hasText: "confirms the order" })
      .waitFor({ timeout: TURN_TIMEOUT });
    await expect(supplier.locator("[data-testid=stage]").textContent()).resolves.toBe(
      "Deal agreed with in-person-1@example.com.",
    );
    await supplier.context().close();
  }, 600_000);

  it("a supplier who never replies: the column says so plainly, and their page says it has ended", async () => {
    const buyer = await newBuyer();
    // 0.002 hours: about 7 seconds to reply.
    await requestWithPortoInPerson(buyer, "0.002");
    const porto = column(buyer, IN_PERSON);
    const link = await copyLink(porto, buyer);
    await porto.locator("header [data-testid=status][data-status=impasse]").waitFor({ timeout: TURN_TIMEOUT });
    await expect(porto.locator("[data-testid=reason]").textContent()).resolves.toMatch(
      /^No reply: Porto Knitworks did not answer by \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M, so your negotiator stopped waiting\.$/,
    );
    expect(await checkPage(buyer)).toEqual(CLEAN);

    const supplier = await (await supplierBrowser(PHONE)).newPage();
    await supplier.goto(link);
    await supplier.locator("[data-stage=ended]").waitFor({ timeout: 30_000 });
    await expect(supplier.locator("[data-testid=stage]").textContent()).resolves.toBe(
      "This negotiation has ended: the time to reply ran out.",
    );
    await expect(supplier.locator("[data-testid=reply]").count()).resolves.toBe(0);
    expect(await checkPage(supplier)).toEqual(CLEAN);
    await supplier.context().close();
  }, 300_000);
});

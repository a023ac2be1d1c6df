import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { projectRoot } from "../src/shared/project-paths";
import { startLocalStack } from "../src/stack/start-stack";
import { DESKTOP, PHONE, signedUpBuyer, submitSampleQuote } from "../src/__tests__/web/buyer-session";
import { launchChromium } from "../src/__tests__/web/chromium";

/**
 * `npm run screenshot`: the README's pictures, taken from the real stack on a desktop (1280 wide)
 * and a phone (390 wide): the form, the live board while every column is streaming, the result
 * with its charts and the decision, the award and its purchase order, a quote that ended with no
 * deal, My quotes, and a quote with a supplier answering in person: its column with the private link,
 * and the supplier's own page. Files: docs/screenshots/<page>-<device>.png.
 */
const DEVICES = { desktop: { ...DESKTOP, width: 1280 }, phone: PHONE } as const;
const shot = (name: string) => path.join(projectRoot(), "docs", "screenshots", `${name}.png`);

async function main() {
  const stack = await startLocalStack({ quiet: true });
  const browser = await launchChromium();
  try {
    for (const [device, viewport] of Object.entries(DEVICES)) await capture(browser, stack.webUrl, device, viewport);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

async function capture(browser: Browser, webUrl: string, device: string, viewport: { width: number; height: number }) {
  const page = await signedUpBuyer(browser, webUrl, `${device}@example.com`, viewport);
  await submitSampleQuote(page, async (form) => {
    await form.screenshot({ path: shot(`form-${device}`), fullPage: device === "desktop" });
  });
  await waitForStreaming(page);
  await page.screenshot({ path: shot(`live-board-${device}`) });
  await page.waitForFunction(
    () => document.querySelector<HTMLElement>("[data-testid=board]")?.dataset.quoteStatus === "completed",
    null,
    { timeout: 180_000 },
  );
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot(`result-${device}`), fullPage: true });
  // Award the recommended deal: the decision, the closing messages, and the purchase order.
  await page.locator("[data-testid=award]").click();
  await page.locator("[data-testid=decided]").waitFor({ timeout: 60_000 });
  await waitForClosings(page);
  await page.screenshot({ path: shot(`awarded-${device}`), fullPage: true });
  await page.locator("[data-testid=view-order]").click();
  await page.locator("[data-testid=purchase-order]").waitFor();
  await page.screenshot({ path: shot(`order-${device}`), fullPage: true });
  // A second quote no supplier can meet (delivery in 1 day), so My quotes shows both outcomes.
  await submitSampleQuote(page, (form) => form.fill("input[name=maxLeadTimeDays]", "1"));
  await page.locator("[data-testid=no-deal]").waitFor({ timeout: 120_000 });
  await page.screenshot({ path: shot(`no-deal-${device}`) });
  await page.getByRole("link", { name: "My quotes" }).first().click();
  await page.locator("[data-testid=quote-row]").nth(1).waitFor();
  await page.screenshot({ path: shot(`my-quotes-${device}`) });
  await captureInPerson(browser, page, device, viewport);
  await page.context().close();
}

/**
 * A third quote with Porto Knitworks answering in person: its column waiting with the private link,
 * then the supplier's page opened from that link in a browser of their own, their turn to reply.
 */
async function captureInPerson(
  browser: Browser,
  page: Page,
  device: string,
  viewport: { width: number; height: number },
) {
  await submitSampleQuote(page, (form) =>
    form
      .getByRole("radiogroup", { name: "Who answers for Porto Knitworks" })
      .getByLabel("In person (you send them a private link)")
      .check(),
  );
  const porto = page.locator("[data-testid=negotiation][data-supplier=porto-knitworks]");
  await porto.locator("[data-testid=waiting]").waitFor({ timeout: 180_000 });
  // On a phone the row of columns scrolls sideways: bring Porto's into view.
  await porto.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot(`in-person-board-${device}`) });
  const link = await porto.locator("[data-testid=link-url]").inputValue();
  const context = await browser.newContext({
    viewport,
    ...(viewport.width < 600 ? { isMobile: true, hasTouch: true } : {}),
  });
  const supplier = await context.newPage();
  await supplier.goto(link);
  await supplier.locator("[data-testid=reply]").waitFor({ timeout: 60_000 });
  await supplier.waitForTimeout(500);
  await supplier.screenshot({ path: shot(`supplier-${device}`), fullPage: true });
  await context.close();
}

/** Every column has a few messages and at least two are writing one now. */
async function waitForStreaming(page: Page) {
  await page.waitForFunction(
    () => {
      const columns = [...document.querySelectorAll("[data-testid=negotiation]")];
      return (
        columns.length === 3 &&
        columns.every((c) => c.querySelectorAll("[data-testid=message]").length >= 3) &&
        columns.filter((c) => c.querySelector("[data-partial=true]")).length >= 2
      );
    },
    null,
    { timeout: 180_000, polling: 50 },
  );
}

/** Every awarded or declined column ends in your negotiator's finished closing message. */
async function waitForClosings(page: Page) {
  await page.waitForFunction(
    () => {
      const closed = [...document.querySelectorAll("[data-testid=negotiation]")].filter((column) =>
        ["awarded", "declined"].includes(
          column.querySelector<HTMLElement>("[data-testid=status]")?.dataset.status ?? "",
        ),
      );
      return (
        closed.length > 0 &&
        closed.every((column) => {
          const last = [...column.querySelectorAll<HTMLElement>("[data-testid=message]")].at(-1);
          return last?.classList.contains("from-brand") && last.dataset.partial === "false";
        })
      );
    },
    null,
    { timeout: 120_000, polling: 100 },
  );
  await page.waitForTimeout(500);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

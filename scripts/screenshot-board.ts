import path from "node:path";
import { projectRoot } from "../src/mastra/project-paths";
import { startLocalStack } from "../src/stack/start-stack";
import { signedUpBuyer, submitSampleQuote } from "../src/__tests__/web/buyer-session";
import { launchChromium } from "../src/__tests__/web/chromium";

/**
 * `npm run screenshot`: the README's picture of the live board, taken from the real stack while
 * the negotiations are streaming (a message being written in every column), and of the result.
 */
async function main() {
  const stack = await startLocalStack({ quiet: true });
  const browser = await launchChromium();
  try {
    const page = await signedUpBuyer(browser, stack.webUrl, "buyer@example.com");
    await submitSampleQuote(page);
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
      { timeout: 120_000, polling: 50 },
    );
    await page.screenshot({ path: path.join(projectRoot(), "docs", "live-board.png") });
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>("[data-testid=board]")?.dataset.quoteStatus === "completed",
      null,
      { timeout: 120_000 },
    );
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(projectRoot(), "docs", "recommendation.png") });
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import type { Browser, Page } from "playwright-core";
import { TEST_PASSWORD } from "../helpers/sign-up";
import { recordPage } from "./page-recorder";

/** A buyer in a fresh browser profile, signed up through the app's own form. */
export async function signedUpBuyer(browser: Browser, webUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  await recordPage(page);
  await page.goto(webUrl);
  await page.getByRole("button", { name: "No account yet? Sign up" }).click();
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("heading", { name: "My quotes" }).waitFor({ timeout: 30_000 });
  return page;
}

/** Opens the form and submits it as it comes (the sample quote); resolves on the live board. */
export async function submitSampleQuote(page: Page): Promise<void> {
  await page.getByRole("link", { name: "New quote" }).first().click();
  await page.getByRole("button", { name: "Start negotiating" }).click();
  await page.locator("[data-testid=board]").waitFor({ timeout: 30_000 });
}

export function quoteIdOf(page: Page): string {
  const id = new URL(page.url()).hash.match(/^#\/quotes\/(.+)$/)?.[1];
  if (!id) throw new Error(`not on a quote's board: ${page.url()}`);
  return id;
}

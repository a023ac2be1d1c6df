import type { Browser, Page } from "playwright-core";
import { TEST_PASSWORD } from "../helpers/sign-up";
import { recordPage } from "./page-recorder";

export const DESKTOP = { width: 1440, height: 1000 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser profile on the sign-in page. */
export async function signInPage(
  browser: Browser,
  webUrl: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    ...(viewport.width < 600 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await recordPage(page);
  await page.goto(webUrl);
  await page.getByRole("button", { name: "No account yet? Sign up" }).waitFor({ timeout: 30_000 });
  return page;
}

/** A buyer in a fresh browser profile, signed up through the app's own form. */
export async function signedUpBuyer(
  browser: Browser,
  webUrl: string,
  email: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<Page> {
  const page = await signInPage(browser, webUrl, viewport);
  await signUp(page, email);
  return page;
}

export async function signUp(page: Page, email: string): Promise<void> {
  await page.getByRole("button", { name: "No account yet? Sign up" }).click();
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("heading", { name: "My quotes" }).waitFor({ timeout: 30_000 });
}

/** Opens the form and submits it as it comes (the sample quote); resolves on the live board. */
export async function submitSampleQuote(page: Page, change?: (page: Page) => Promise<void>): Promise<void> {
  await page.getByRole("link", { name: "New quote" }).first().click();
  await page.getByRole("button", { name: "Start negotiating" }).waitFor({ timeout: 30_000 });
  await change?.(page);
  await page.getByRole("button", { name: "Start negotiating" }).click();
  await page.locator("[data-testid=board]").waitFor({ timeout: 30_000 });
}

export function quoteIdOf(page: Page): string {
  const id = new URL(page.url()).hash.match(/^#\/quotes\/(.+)$/)?.[1];
  if (!id) throw new Error(`not on a quote's board: ${page.url()}`);
  return id;
}

/** Cancels the quote on the board, answering the confirmation. */
export async function cancelQuote(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Cancel quote" }).click();
  await page.getByRole("button", { name: "Yes, cancel the quote" }).click();
}

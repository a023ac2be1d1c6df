import path from "node:path";
import type { Browser } from "playwright-core";
import { createServer as createViteServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalBackend } from "../../dev-backend/local-backend";
import { startDeploymentWithoutMastra } from "../helpers/deployment-without-mastra";
import { BUILT_IN_SUPPLIERS } from "../../domain/suppliers";
import { projectRoot } from "../../shared/project-paths";
import { internal } from "../../server/_generated/api";
import { PHONE, signedUpBuyer } from "./buyer-session";
import { CLEAN, checkPage } from "./page-checks";
import { browserSkipReason, launchChromium } from "./chromium";

/**
 * The buyer's app with a directory of 52 suppliers, in real Chromium against the local Convex
 * backend (no Mastra server: the quote's run cannot start, which does not matter to the layout).
 * The form offers the directory from `suppliers.list` and invites at most 50; the board keeps the
 * 50 columns in one row that scrolls sideways, each column readable.
 */

const skip = browserSkipReason();
if (skip) console.warn(skip);

const DIRECTORY_SIZE = 52;
let backend: LocalBackend;
let vite: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  if (skip) return;
  backend = await startDeploymentWithoutMastra();
  for (let n = 1; n <= DIRECTORY_SIZE - BUILT_IN_SUPPLIERS.length; n++) {
    await backend.backend.mutation(internal.suppliers.upsert, {
      ...BUILT_IN_SUPPLIERS[0]!,
      id: `mill-${n}`,
      name: `Mill number ${n} with a rather long trading name`,
      country: "Vietnam",
    });
  }
  vite = await createViteServer({
    configFile: path.join(projectRoot(), "src", "web", "vite.config.ts"),
    define: { "import.meta.env.VITE_CONVEX_URL": JSON.stringify(backend.url) },
    server: { port: 0, host: "127.0.0.1" },
    logLevel: "silent",
  });
  await vite.listen();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  await backend?.close();
  vi.unstubAllEnvs();
}, 60_000);

describe.skipIf(skip !== undefined)(skip ?? "a quote with 50 suppliers, in Chromium", () => {
  it("the form invites the first 50 of 52 and allows no more; the board shows 50 columns in a scrolling row", async () => {
    const webUrl = vite.resolvedUrls?.local[0];
    if (!webUrl) throw new Error("Vite did not report its URL");
    const page = await signedUpBuyer(browser, webUrl, "many@example.com");
    await page.getByRole("link", { name: "New quote" }).first().click();

    const suppliers = page.locator("[data-testid=suppliers]");
    await expect
      .poll(() => suppliers.locator("[data-testid=supplier-count]").textContent(), { timeout: 30_000 })
      .toBe(`50 of ${DIRECTORY_SIZE} invited (at most 50 per quote)`);
    const boxes = suppliers.locator("input[type=checkbox]");
    expect(await boxes.count()).toBe(DIRECTORY_SIZE);
    const states = await boxes.evaluateAll((inputs) =>
      (inputs as HTMLInputElement[]).map((i) => [i.value, i.checked, i.disabled] as const),
    );
    expect(states.filter(([, checked]) => checked)).toHaveLength(50);
    expect(states.slice(50)).toEqual([
      ["mill-48", false, true],
      ["mill-49", false, true],
    ]);
    // Freeing a place lets another supplier in.
    await boxes.nth(0).uncheck();
    await boxes.nth(51).check();
    expect(await suppliers.locator("[data-testid=supplier-count]").textContent()).toBe(
      `50 of ${DIRECTORY_SIZE} invited (at most 50 per quote)`,
    );

    await page.getByRole("button", { name: "Start negotiating" }).click();
    await page
      .locator("[data-testid=board]")
      .waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => {
        const alerts = await page.locator("[role=alert]").allTextContents();
        const body = (await page.locator("body").innerText()).slice(-400);
        throw new Error(`no board at ${page.url()}; the form says: ${JSON.stringify(alerts)}; page: ${body}`, {
          cause: error,
        });
      });
    const columns = page.locator("[data-testid=negotiation]");
    await expect.poll(() => columns.count(), { timeout: 30_000 }).toBe(50);
    expect(await columns.first().getAttribute("data-supplier")).toBe("porto-knitworks");
    expect(await columns.last().getAttribute("data-supplier")).toBe("mill-49");

    const layout = await page.locator(".columns").evaluate((row) => ({
      scrollWidth: row.scrollWidth,
      clientWidth: row.clientWidth,
      overflowX: getComputedStyle(row).overflowX,
      boxes: [...row.children].map((c) => c.getBoundingClientRect()).map((r) => ({ top: r.top, width: r.width })),
    }));
    if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
    expect(layout.overflowX).toBe("auto");
    expect(layout.scrollWidth).toBeGreaterThan(layout.clientWidth * 10);
    expect(new Set(layout.boxes.map((b) => b.top)).size).toBe(1);
    expect(Math.min(...layout.boxes.map((b) => b.width))).toBeGreaterThanOrEqual(299);
    // The page itself does not scroll sideways: only the row of columns does.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // Where all 50 stand is one line above the row, whatever the failed start left them at.
    await expect
      .poll(() => page.locator("[data-testid=summary-counts]").textContent(), { timeout: 30_000 })
      .toMatch(/^50 suppliers: (\d+ [\w ]+)( · \d+ [\w ]+)*$/);
    // The same board on a phone: nothing but the row scrolls sideways, and it passes axe-core.
    expect(await checkPage(page)).toEqual(CLEAN);
    await page.setViewportSize(PHONE);
    expect(await checkPage(page)).toEqual(CLEAN);
  });
});

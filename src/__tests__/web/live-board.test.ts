import { ConvexHttpClient } from "convex/browser";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { startStackWithFaults } from "../helpers/stack-with-faults";
import { cancelQuote, quoteIdOf, signedUpBuyer, submitSampleQuote } from "./buyer-session";
import { browserAndStack } from "./browser-and-stack";
import { pageTranscript, readRecord, sessionToken, type SeenText } from "./page-recorder";

/**
 * The buyer's app in real Chromium against the whole local stack (`npm start`'s): local Convex
 * backend, Mastra server running the real workflow on the local model, Vite. One stack and one
 * browser for the file; each test is a new buyer in a fresh browser profile.
 */

const SUPPLIERS = ["apex-textiles", "porto-knitworks", "anatolia-apparel"];
const FINAL = ["completed", "impasse", "failed", "cancelled"];

let buyers = 0;

const shared = browserAndStack(() =>
  startStackWithFaults({
    quiet: true,
    // Fast, but slow enough that every message streams through several partial writes.
    env: { ...process.env, LOCAL_MODEL_LATENCY_MS: "40", LOCAL_MODEL_TOKEN_DELAY_MS: "14", LOG_LEVEL: "silent" },
  }),
);
const skip = shared.skip;

const newBuyer = () => signedUpBuyer(shared.browser, shared.stack.webUrl, `buyer${++buyers}@example.com`);

async function waitForQuoteStatus(page: Page, statuses: string[], timeout = 120_000) {
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector<HTMLElement>("[data-testid=board]")?.dataset.quoteStatus ?? ""),
    statuses,
    { timeout, polling: 200 },
  );
}

/** What Convex holds for this buyer's quote: per supplier, [sequence, content, isPartial]. */
async function convexTranscript(page: Page) {
  const convex = new ConvexHttpClient(shared.stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
  convex.setAuth(await sessionToken(page));
  const quoteId = quoteIdOf(page) as Id<"quotes">;
  const out: Record<string, [number, string, boolean][]> = {};
  let interrupted = 0;
  for (const negotiation of await convex.query(api.negotiations.listByQuote, { quoteId })) {
    const messages = await convex.query(api.negotiations.listMessages, { negotiationId: negotiation._id });
    out[negotiation.supplierId] = messages.map((m) => [m.sequence, m.content, m.isPartial]);
    interrupted += messages.filter((m) => m.metadata?.interrupted).length;
  }
  return { out, interrupted, quote: await convex.query(api.quotes.get, { quoteId }) };
}

/** Messages that showed at least two different, growing partial texts before their final text. */
function streamedMessages(texts: SeenText[]): string[] {
  const byMessage = new Map<string, SeenText[]>();
  for (const seen of texts) {
    const key = `${seen.supplier}#${seen.sequence}`;
    byMessage.set(key, [...(byMessage.get(key) ?? []), seen]);
  }
  return [...byMessage].flatMap(([key, states]) => {
    const finalIndex = states.findIndex((s) => !s.partial);
    if (finalIndex < 0) return [];
    const final = states[finalIndex]!.text;
    const partials = states.slice(0, finalIndex).filter((s) => s.text.length > 0 && s.text !== final);
    const growing = partials.every(
      (s, i) => final.startsWith(s.text) && (i === 0 || s.text.length > partials[i - 1]!.text.length),
    );
    return partials.length >= 2 && growing ? [key] : [];
  });
}

/**
 * For each message that streamed (showed partial text) and is long enough to matter: the largest
 * step its visible text grew by, and its final length. A message cut off (interrupted) or whose
 * text started over is left out: those are replaced whole, on purpose.
 */
function largestSteps(texts: SeenText[]): { key: string; step: number; length: number; seen: string }[] {
  const byMessage = new Map<string, SeenText[]>();
  for (const seen of texts) {
    const key = `${seen.supplier}#${seen.sequence}`;
    byMessage.set(key, [...(byMessage.get(key) ?? []), seen]);
  }
  return [...byMessage].flatMap(([key, states]) => {
    const last = states.at(-1);
    if (!last || last.partial || last.interrupted || last.text.length < 150) return [];
    if (!states.some((s) => s.partial && s.text.length > 0)) return [];
    // A text that started over (a model call retried mid-stream on a loaded machine) is replaced whole.
    if (!states.every((s) => last.text.startsWith(s.text))) return [];
    let step = 0;
    states.forEach((s, i) => (step = Math.max(step, s.text.length - (states[i - 1]?.text.length ?? 0))));
    const seen = states.map((s) => `${s.partial ? "p" : "f"}${s.text.length}@${Math.round(s.at) % 100_000}`).join(" ");
    return [{ key, step, length: last.text.length, seen }];
  });
}

describe.skipIf(skip !== undefined)(skip ?? "the buyer's web app in Chromium, against the local stack", () => {
  it("signs up, requests the sample quote and watches every negotiation stream live to a recommendation", async () => {
    const page = await newBuyer();
    await submitSampleQuote(page);
    await waitForQuoteStatus(page, ["completed"]);
    await page.locator("[data-testid=recommendation]").waitFor();
    await page.waitForFunction(() => document.querySelectorAll("[data-partial=true]").length === 0, null, {
      timeout: 10_000,
    });

    const record = await readRecord(page);
    // Text grew in front of the buyer: messages went through growing partial states to their final
    // text (on a loaded machine a short message may arrive in one piece, so not every one does).
    expect(streamedMessages(record.texts).length).toBeGreaterThanOrEqual(2);
    // And it kept moving to the end: no streamed message showed its last half at once (when partial
    // writes stopped after two, the final text landed as one jump of about 70 % of the message).
    const steps = largestSteps(record.texts);
    expect(steps.length).toBeGreaterThanOrEqual(2);
    for (const { key, step, length, seen } of steps)
      expect(step, `${key} grew by ${step} of ${length} (${seen})`).toBeLessThan(length / 2);
    // Every column filled in live: its first message showed while it was still negotiating.
    for (const supplier of SUPPLIERS) {
      const firstText = record.texts.find((t) => t.supplier === supplier && t.text.length > 0);
      const ended = record.statuses.find((s) => s.supplier === supplier && FINAL.includes(s.status));
      expect(firstText?.at).toBeLessThan(ended?.at ?? 0);
    }
    // Every column was seen active, then in a final state.
    for (const supplier of SUPPLIERS) {
      const seen = record.statuses.filter((s) => s.supplier === supplier).map((s) => s.status);
      expect(seen).toContain("active");
      expect(seen.indexOf("active")).toBeLessThan(seen.findIndex((s) => FINAL.includes(s)));
      expect(FINAL).toContain(seen.at(-1));
    }
    await expect(page.locator("[data-testid=recommendation] h2").first().textContent()).resolves.toMatch(
      /^We recommend /,
    );
    await expect(page.locator("[data-testid=ranking] tbody tr").count()).resolves.toBeGreaterThan(0);

    // The page's transcript is exactly what Convex holds.
    const { out, quote } = await convexTranscript(page);
    expect(quote?.status).toBe("completed");
    // Text that landed in one piece is still typed out for a moment: the page catches up to it.
    await expect.poll(() => pageTranscript(page), { timeout: 10_000 }).toEqual(out);
    for (const supplier of SUPPLIERS) expect(out[supplier]?.length).toBeGreaterThan(2);

    // The summary line counts the columns by status and links the lowest agreed total's column.
    const columns = await page.locator("[data-testid=negotiation]").evaluateAll((elements) =>
      elements.map((element) => ({
        name: element.querySelector("h2")?.textContent ?? "",
        status: element.querySelector("[data-testid=status]")?.getAttribute("data-status") ?? "",
        label: element.querySelector("[data-testid=status]")?.textContent?.toLowerCase() ?? "",
        total: Number((element.querySelector("[data-testid=offer-total]")?.textContent ?? "").replace(/[$,]/g, "")),
      })),
    );
    const counts = (await page.locator("[data-testid=summary-counts]").textContent()) ?? "";
    expect(counts).toMatch(/^3 suppliers: /);
    for (const label of new Set(columns.map((c) => c.label))) {
      expect(counts).toContain(`${columns.filter((c) => c.label === label).length} ${label}`);
    }
    const agreed = columns.filter((c) => c.status === "completed").sort((a, b) => a.total - b.total);
    if (agreed[0]) {
      await expect(page.locator("[data-testid=summary-lowest]").textContent()).resolves.toContain("lowest agreed");
      await expect(page.locator("[data-testid=summary-lowest] a").textContent()).resolves.toBe(agreed[0].name);
    }

    // My quotes lists it, with its status.
    await page.getByRole("link", { name: "My quotes" }).click();
    await page.locator("[data-testid=quote-list]").waitFor();
    await expect(page.locator("[data-testid=quote-link]").count()).resolves.toBe(1);
    await expect(
      page.locator("[data-testid=quote-list] [data-testid=status]").getAttribute("data-status"),
    ).resolves.toBe("completed");
  }, 240_000);

  it("a second buyer sees none of the first buyer's quotes, not even by its address", async () => {
    const first = await newBuyer();
    await submitSampleQuote(first);
    const firstBoard = first.url();
    const second = await newBuyer();
    await expect(second.locator("[data-testid=no-quotes]").textContent()).resolves.toMatch(/No quotes yet/);
    await second.goto(firstBoard);
    await second.locator("[data-testid=quote-missing]").waitFor({ timeout: 30_000 });
    // Clean-up: stop the first quote's run (cancelling one that already ended changes nothing).
    const convex = new ConvexHttpClient(shared.stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
    convex.setAuth(await sessionToken(first));
    await convex.mutation(api.quotes.cancel, { quoteId: quoteIdOf(first) as Id<"quotes"> });
  }, 240_000);

  it("cancel mid-run: every column shows cancelled and no message stays 'writing'", async () => {
    const page = await newBuyer();
    await submitSampleQuote(page);
    await page.locator("[data-testid=message]").first().waitFor({ timeout: 60_000 });
    await cancelQuote(page);
    // Optimistic: the page says so before Convex answers.
    await waitForQuoteStatus(page, ["cancelled"], 5_000);
    await page.waitForFunction(
      (count) =>
        [...document.querySelectorAll<HTMLElement>("[data-testid=negotiation] > header [data-testid=status]")].filter(
          (badge) => badge.dataset.status === "cancelled",
        ).length === count,
      SUPPLIERS.length,
      { timeout: 10_000 },
    );
    // Whatever the run still had in flight settles: nothing left "writing", statuses stay put.
    await page.waitForTimeout(3_000);
    await expect(page.locator("[data-partial=true]").count()).resolves.toBe(0);
    const { out, quote } = await convexTranscript(page);
    expect(quote?.status).toBe("cancelled");
    expect(
      Object.values(out)
        .flat()
        .filter(([, , partial]) => partial),
    ).toEqual([]);
    await expect.poll(() => pageTranscript(page), { timeout: 10_000 }).toEqual(out);
    const badges = await page
      .locator("[data-testid=negotiation] > header [data-testid=status]")
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.status));
    expect(badges).toEqual(SUPPLIERS.map(() => "cancelled"));
  }, 240_000);

  it("the backend drops every socket mid-run: a banner, a reconnect, and the complete transcript once", async () => {
    const page = await newBuyer();
    await submitSampleQuote(page);
    await page.locator("[data-testid=message]").first().waitFor({ timeout: 60_000 });
    await shared.stack.dropSockets(2_500);
    await page.locator("[data-testid=connection-banner]").waitFor({ timeout: 10_000 });
    await page.locator("[data-testid=connection-banner]").waitFor({ state: "detached", timeout: 60_000 });
    await waitForQuoteStatus(page, ["completed"]);
    await page.waitForFunction(() => document.querySelectorAll("[data-partial=true]").length === 0, null, {
      timeout: 10_000,
    });

    const record = await readRecord(page);
    expect(record.banner.map((b) => b.shown)).toEqual([true, false]);
    const { out } = await convexTranscript(page);
    // What arrived while the sockets were down is typed out after the reconnect: wait for it to finish.
    await expect.poll(() => pageTranscript(page), { timeout: 10_000 }).toEqual(out);
    const shown = await pageTranscript(page);
    for (const messages of Object.values(shown)) {
      expect(messages.map(([sequence]) => sequence)).toEqual(messages.map((_, i) => i));
    }
  }, 240_000);

  it("a buyer adds a product of their own and quotes it beside two built-in ones; every supplier negotiates it", async () => {
    const page = await newBuyer();
    await page.getByRole("link", { name: "New quote" }).first().click();
    await page.getByRole("button", { name: "+ Something not listed" }).click();
    const form = page.getByRole("group", { name: "Your own product" });
    await form.getByLabel("Product name").fill("Linen apron");
    await form.getByLabel("Usual price per unit ($)").fill("nine");
    await form.getByRole("button", { name: "Add product" }).click();
    await expect(form.locator("[data-field=referenceUnitPrice]").textContent()).resolves.toBe(
      "usual price must be a number",
    );
    await form.getByLabel("Usual price per unit ($)").fill("9.50");
    await form.getByLabel("What suppliers should know (optional)").fill("Stonewashed linen, 70 × 85 cm.");
    await form.getByRole("button", { name: "Add product" }).click();
    const third = page.locator("[data-testid=line-2] select");
    await expect
      .poll(() => third.locator("option:checked").textContent(), { timeout: 30_000 })
      .toBe("Linen apron (yours)");
    await page.getByRole("button", { name: "Start negotiating" }).click();
    await page.locator("[data-testid=board]").waitFor({ timeout: 30_000 });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "2,000 × organic cotton T-shirt + 800 × canvas tote bag + 500 × Linen apron",
    );
    await waitForQuoteStatus(page, ["completed"]);
    // Every supplier's latest offer prices the apron, though none of them lists aprons.
    const offers = page.locator("[data-testid=negotiation] [data-testid=offer]");
    await expect.poll(() => offers.count(), { timeout: 30_000 }).toBe(SUPPLIERS.length);
    for (const offer of await offers.all()) expect(await offer.textContent()).toContain("Linen apron");
    // Nobody else sees it.
    const other = await newBuyer();
    const convex = new ConvexHttpClient(shared.stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
    convex.setAuth(await sessionToken(other));
    expect(await convex.query(api.products.search, { text: "linen" })).toEqual([]);
  }, 180_000);

  it("a bad field is named next to it and nothing is created", async () => {
    const page = await newBuyer();
    await page.getByRole("link", { name: "New quote" }).first().click();
    await page.fill("input[name='products[0].quantity']", "0");
    await page.fill("input[name=maxLeadTimeDays]", "soon");
    await page.getByRole("button", { name: "Start negotiating" }).click();
    await expect(page.locator("[data-field='products[0].quantity']").textContent()).resolves.toBe(
      "quantity must be greater than 0",
    );
    await expect(page.locator("[data-field=maxLeadTimeDays]").textContent()).resolves.toBe(
      "delivery time must be a number of days",
    );
    const convex = new ConvexHttpClient(shared.stack.convexUrl, { skipConvexDeploymentUrlCheck: true, logger: false });
    convex.setAuth(await sessionToken(page));
    expect(await convex.query(api.quotes.listMine, {})).toEqual([]);
    await page.getByRole("link", { name: "My quotes" }).click();
    await page.locator("[data-testid=no-quotes]").waitFor();
  }, 120_000);
});

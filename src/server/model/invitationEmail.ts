import { z } from "zod";

/*
 * Emailing a supplier their private link, when the deployment has an email service: Resend's REST
 * API (https://resend.com/docs/api-reference/emails/send-email), called with `fetch` from an
 * action, so nothing is required of a deployment that has none. Settings, all three needed:
 * RESEND_API_KEY, INVITATION_FROM (the sender, e.g. "Acme purchasing <quotes@acme.example>") and
 * SITE_URL (the web app's address, Convex Auth's own variable), so every link an email carries
 * points at this deployment's app, never at an address a caller made up.
 */

const RESEND_EMAILS_URL = "https://api.resend.com/emails";
/** A send that has not answered in this long is given up on (the buyer may send again). */
const SEND_TIMEOUT_MS = 15_000;

export interface InvitationSettings {
  apiKey: string;
  from: string;
  siteUrl: string;
}

/** The deployment's email settings, or null when it sends no email. */
export function invitationSettings(): InvitationSettings | null {
  const apiKey = process.env.RESEND_API_KEY?.trim();
  const from = process.env.INVITATION_FROM?.trim();
  const siteUrl = process.env.SITE_URL?.trim().replace(/\/+$/, "");
  return apiKey && from && siteUrl ? { apiKey, from, siteUrl } : null;
}

export const invitationAddressSchema = z
  .email({ error: "email: enter the supplier's email address, like name@example.com" })
  .max(254, "email: an email address is at most 254 characters");

export interface Invitation {
  buyerName: string;
  supplierName: string;
  products: readonly { name: string; quantity: number; unit: string }[];
  link: string;
}

/** The email: who asks, for what, and the link; plain text, and the same as simple HTML. */
export function invitationEmail({ buyerName, supplierName, products, link }: Invitation) {
  const asked = products.map((p) => `${p.quantity.toLocaleString("en-US")} × ${p.name} (${p.unit})`);
  const subject = `${buyerName} asks ${supplierName} for a quote`;
  const text = [
    `${buyerName} asks ${supplierName} for a quote:`,
    ...asked.map((line) => `- ${line}`),
    "",
    `Their negotiator, an AI acting for them, writes to you on this page, where you answer in person (no account needed):`,
    link,
    "",
    "Keep this link to yourself: anyone who has it can reply for you.",
  ].join("\n");
  const html = [
    `<p>${escapeHtml(buyerName)} asks ${escapeHtml(supplierName)} for a quote:</p>`,
    `<ul>${asked.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
    "<p>Their negotiator, an AI acting for them, writes to you on this page, where you answer in person (no account needed):</p>",
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    "<p>Keep this link to yourself: anyone who has it can reply for you.</p>",
  ].join("\n");
  return { subject, text, html };
}

/** Sends one email; answers why not when it could not. */
export async function sendInvitationEmail(
  settings: InvitationSettings,
  to: string,
  email: { subject: string; text: string; html: string },
): Promise<{ sent: true } | { sent: false; problem: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), SEND_TIMEOUT_MS);
  try {
    const response = await fetch(RESEND_EMAILS_URL, {
      method: "POST",
      headers: { authorization: `Bearer ${settings.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ from: settings.from, to: [to], ...email }),
      signal: controller.signal,
    });
    if (response.ok) return { sent: true };
    const detail = (await response.text()).slice(0, 300);
    return { sent: false, problem: `the email service answered ${response.status}: ${detail}` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { sent: false, problem: `the email service could not be reached: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../../server/_generated/api";
import type { Id } from "../../server/_generated/dataModel";
import { buyer, createQuote, newBackend, runScheduledWithin, useFakeDeployment, type Backend } from "./harness";

/*
 * Emailing a supplier their private link, when the deployment has an email service (Resend's REST
 * API, stood in for here at `fetch`): the email names who asks and for what, carries the link to
 * this deployment's app, and the board learns how the send went. Without the settings, no email.
 */

useFakeDeployment();

interface SentEmail {
  authorization: string | null;
  body: { from: string; to: string[]; subject: string; text: string; html: string };
}

let t: Backend;
let sent: SentEmail[];
let answer: () => Response;
beforeEach(() => {
  t = newBackend();
  sent = [];
  answer = () => new Response(JSON.stringify({ id: "email-1" }), { status: 200 });
  vi.stubEnv("RESEND_API_KEY", "re_test_key");
  vi.stubEnv("INVITATION_FROM", "Alice's purchasing <quotes@alice.example>");
  vi.stubEnv("SITE_URL", "https://app.example/");
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
      // The quote's run start goes to the Mastra server, which is not here: it fails, as it may.
      if (String(input) !== "https://api.resend.com/emails") return new Response("{}", { status: 503 });
      sent.push({
        authorization: new Headers(init?.headers).get("authorization"),
        body: JSON.parse(String(init?.body)) as SentEmail["body"],
      });
      return answer();
    }),
  );
});

async function inPersonQuote() {
  const { quoteId, negotiationIds } = await createQuote(t, "alice", { inPersonSupplierIds: ["porto-knitworks"] });
  const porto = negotiationIds[1] as Id<"negotiations">;
  const [link] = await buyer(t, "alice").query(api.supplierLinks.forQuote, { quoteId });
  return { quoteId, porto, apex: negotiationIds[0] as Id<"negotiations">, token: link!.token! };
}

const invitationOf = async (negotiationId: Id<"negotiations">) =>
  (await t.run((ctx) => ctx.db.get(negotiationId)))?.invitation;

describe("emailing a supplier their link", () => {
  test("sends who asks, for what, and the link to this deployment's app; the board learns it was sent", async () => {
    const { porto, token } = await inPersonQuote();
    expect(await buyer(t, "alice").query(api.supplierInvitations.available, {})).toBe(true);
    await buyer(t, "alice").mutation(api.supplierInvitations.send, {
      negotiationId: porto,
      email: " sales@porto.example ",
    });
    expect(await invitationOf(porto)).toMatchObject({ email: "sales@porto.example", state: "sending" });
    await runScheduledWithin(t, 60_000);

    expect(sent).toHaveLength(1);
    const [email] = sent;
    expect(email!.authorization).toBe("Bearer re_test_key");
    expect(email!.body).toMatchObject({
      from: "Alice's purchasing <quotes@alice.example>",
      to: ["sales@porto.example"],
      subject: "alice asks Porto Knitworks for a quote",
    });
    expect(email!.body.text).toContain(`https://app.example/#/supplier/${token}`);
    expect(email!.body.text).toContain("1,200 × organic cotton T-shirt (piece)");
    // Nothing of the buyer's private side travels in it.
    expect(email!.body.text).not.toMatch(/maxUnitPrice|Organic certification required|\$6/);
    expect(await invitationOf(porto)).toMatchObject({ email: "sales@porto.example", state: "sent" });
  });

  test("a refused send is kept with the service's answer, and not sent again by itself", async () => {
    answer = () => new Response('{"message":"domain not verified"}', { status: 403 });
    const { porto } = await inPersonQuote();
    await buyer(t, "alice").mutation(api.supplierInvitations.send, {
      negotiationId: porto,
      email: "sales@porto.example",
    });
    await runScheduledWithin(t, 60_000);
    expect(sent).toHaveLength(1);
    expect(await invitationOf(porto)).toMatchObject({
      state: "failed",
      problem: 'the email service answered 403: {"message":"domain not verified"}',
    });
  });

  test("only the buyer, only to an address, only for an open in-person negotiation with a live link", async () => {
    const { porto, apex } = await inPersonQuote();
    const refusal = (who: string, negotiationId: Id<"negotiations">, email = "sales@porto.example") =>
      buyer(t, who)
        .mutation(api.supplierInvitations.send, { negotiationId, email })
        .then(
          () => "sent",
          (error: Error) => error.message,
        );
    expect(await refusal("mallory", porto)).toMatch(/not found/);
    expect(await refusal("alice", apex)).toMatch(/answers by its agent/);
    expect(await refusal("alice", porto, "not an address")).toMatch(/email: enter the supplier's email address/);
    await buyer(t, "alice").mutation(api.supplierLinks.revoke, { negotiationId: porto });
    expect(await refusal("alice", porto)).toMatch(/The link is revoked/);
    await runScheduledWithin(t, 60_000);
    expect(sent).toEqual([]);
  });

  test("at most ten an hour per buyer", async () => {
    const { porto } = await inPersonQuote();
    for (let index = 0; index < 10; index++) {
      await buyer(t, "alice").mutation(api.supplierInvitations.send, {
        negotiationId: porto,
        email: "sales@porto.example",
      });
    }
    await expect(
      buyer(t, "alice").mutation(api.supplierInvitations.send, { negotiationId: porto, email: "sales@porto.example" }),
    ).rejects.toThrow(/too many invitation emails: at most 10 an hour/);
  });

  test("a deployment without an email service offers none", async () => {
    vi.stubEnv("RESEND_API_KEY", "");
    const { porto } = await inPersonQuote();
    expect(await buyer(t, "alice").query(api.supplierInvitations.available, {})).toBe(false);
    await expect(
      buyer(t, "alice").mutation(api.supplierInvitations.send, { negotiationId: porto, email: "sales@porto.example" }),
    ).rejects.toThrow(/sends no email: copy the link instead/);
  });
});

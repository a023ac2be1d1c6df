// @vitest-environment edge-runtime
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { generateAuthKeys, type AuthKeys } from "../../dev-backend/auth-keys";
import { api } from "../../server/_generated/api";
import { newBackend, type Backend, validQuote } from "./harness";

/** Convex Auth's real sign-up / sign-in flow (Password provider), run by convex-test. */

const SITE = "http://127.0.0.1:3211";
let keys: AuthKeys;
beforeAll(async () => {
  keys = await generateAuthKeys();
});
afterEach(() => vi.unstubAllEnvs());

function deployment(): Backend {
  vi.stubEnv("JWT_PRIVATE_KEY", keys.JWT_PRIVATE_KEY);
  vi.stubEnv("JWKS", keys.JWKS);
  vi.stubEnv("CONVEX_SITE_URL", SITE);
  return newBackend();
}

async function signIn(t: Backend, email: string, flow: "signUp" | "signIn") {
  const result = await t.action(api.auth.signIn, {
    provider: "password",
    params: { email, password: "correct horse battery", flow },
  });
  const token = result.tokens?.token;
  if (!token) throw new Error(`no token for ${email}`);
  const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(keys.JWKS)), {
    issuer: SITE,
    audience: "convex",
    algorithms: ["RS256"],
  });
  return t.withIdentity({ subject: payload.sub, issuer: SITE });
}

describe("Convex Auth", () => {
  test("a buyer who signs in again (a new session, a new token subject) still owns their quotes", async () => {
    const t = deployment();
    const first = await signIn(t, "ada@example.com", "signUp");
    const quoteId = await first.mutation(api.quotes.create, validQuote);

    const again = await signIn(t, "ada@example.com", "signIn");
    expect((await again.query(api.quotes.listMine, {})).map((q) => q._id)).toEqual([quoteId]);
    expect(await again.query(api.quotes.get, { quoteId })).toMatchObject({ _id: quoteId });
    await again.mutation(api.quotes.cancel, { quoteId });

    const other = await signIn(t, "bea@example.com", "signUp");
    expect(await other.query(api.quotes.listMine, {})).toEqual([]);
    expect(await other.query(api.quotes.get, { quoteId })).toBeNull();
  });

  test("a wrong password is refused", async () => {
    const t = deployment();
    await signIn(t, "ada@example.com", "signUp");
    await expect(
      t.action(api.auth.signIn, {
        provider: "password",
        params: { email: "ada@example.com", password: "wrong password!", flow: "signIn" },
      }),
    ).rejects.toThrow(/InvalidSecret/);
  });
});

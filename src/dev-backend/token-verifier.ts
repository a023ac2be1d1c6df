import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";

/** The identity a verified token stands for, as `ctx.auth.getUserIdentity()` returns it. */
export type VerifiedIdentity = {
  subject: string;
  issuer: string;
  tokenIdentifier: string;
};

export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}

/**
 * Checks a buyer's session token the way a Convex deployment does for the provider in
 * `auth.config.ts`: RS256 signature against the deployment's JWKS, `iss` = CONVEX_SITE_URL,
 * `aud` = "convex", not expired. convex-test itself trusts any identity it is handed, so nothing
 * unverified may reach it. The deployment env is read on every call, like the functions do.
 */
export async function verifyToken(token: string, env: NodeJS.ProcessEnv = process.env): Promise<VerifiedIdentity> {
  const { JWKS: jwks, CONVEX_SITE_URL: issuer } = env;
  if (!jwks || !issuer) {
    throw new InvalidTokenError("this deployment has no auth provider configured (JWKS and CONVEX_SITE_URL are unset)");
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(jwks)), {
      issuer,
      audience: "convex",
      algorithms: ["RS256"],
    }));
  } catch (error) {
    throw new InvalidTokenError(`Could not verify token: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!payload.sub) throw new InvalidTokenError("Could not verify token: it has no subject");
  return { subject: payload.sub, issuer, tokenIdentifier: `${issuer}|${payload.sub}` };
}
